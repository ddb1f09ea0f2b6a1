import { debugLogger } from '../../debug/logger.js';
import type { EngineClient } from '../../engine/client.js';
import { shortId } from '../../engine/host/host-resolution.js';
import { describeRunnerMount, mapRunnerPath } from '../../engine/host/runner-mounts.js';
import { BindNotSharedError } from '../../errors/index.js';
import type { CreateRequest } from '../definitions/create-request.js';

/**
 * Bind mounts from a sibling runner (docs/topologies.md#bind-mounts-from-a-sibling-runner):
 * in the sibling topology, every bind source of a create request (typed
 * `mounts` and `createOverrides` alike: `HostConfig.Mounts` of type bind and
 * `HostConfig.Binds`) is a path in the runner's container; rewrite each to
 * where that file is on the engine's host, or fail with
 * {@link BindNotSharedError} before the engine is asked. Anywhere else the
 * request is returned as it is, without an engine call.
 */
export async function translateSiblingBinds(
  engine: Pick<EngineClient, 'runnerMounts' | 'hostResolution'>,
  request: CreateRequest,
  displayName: string,
): Promise<CreateRequest> {
  const host = request.HostConfig;
  const mounts = host?.Mounts?.some((m) => m.Type === 'bind') ? host.Mounts : undefined;
  const binds = Array.isArray(host?.Binds) ? (host.Binds as unknown[]) : undefined;
  if (!host || (!mounts && !binds?.length)) return request;
  const runnerMounts = await engine.runnerMounts();
  if (!runnerMounts) return request;

  const own = engine.hostResolution.facts.ownContainer;
  const runner = own ? `${shortId(own.id)} (${own.name})` : 'unknown';
  const log = debugLogger('launch');
  const translate = (path: string, field: string): string => {
    const mapping = mapRunnerPath(path, runnerMounts);
    if (mapping.kind !== 'mapped') {
      throw new BindNotSharedError({
        container: displayName,
        path,
        field,
        runner,
        runnerMounts: runnerMounts.map(describeRunnerMount),
        ...(mapping.kind === 'unmappable' ? { why: mapping.why } : {}),
      });
    }
    log(
      "container '%s': bind source %s (%s) is %s on the engine's host, through the runner's mount %s",
      displayName,
      path,
      field,
      mapping.hostPath,
      describeRunnerMount(mapping.mount),
    );
    return mapping.hostPath;
  };

  const translated: CreateRequest['HostConfig'] = { ...host };
  if (mounts) {
    translated.Mounts = mounts.map((mount, i) =>
      mount.Type === 'bind' && typeof mount.Source === 'string'
        ? { ...mount, Source: translate(mount.Source, `HostConfig.Mounts[${i}], target ${mount.Target}`) }
        : mount,
    );
  }
  if (binds?.length) translated.Binds = binds.map((bind, i) => translateBind(bind, i, translate));
  return { ...request, HostConfig: translated };
}

/** `'/src:/dst[:opts]'` with its source translated; a volume name (no leading `/`) is left as it is. */
function translateBind(bind: unknown, i: number, translate: (path: string, field: string) => string): unknown {
  if (typeof bind !== 'string' || !bind.startsWith('/')) return bind;
  const colon = bind.indexOf(':');
  const source = colon === -1 ? bind : bind.slice(0, colon);
  return translate(source, `HostConfig.Binds[${i}]`) + (colon === -1 ? '' : bind.slice(colon));
}
