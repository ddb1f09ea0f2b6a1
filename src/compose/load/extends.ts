import { dirname, resolve } from 'node:path';
import { ComposeFileError } from '../../errors/compose.js';
import { mergeDrafts } from './merge.js';
import type { LoadSession, ParsedFile } from './parse-file.js';
import type { ServiceDraft } from './service-draft.js';

/*
 * `extends`: a service starts from another service, in the same file or in
 * `file:` (relative to the extending file, whose own relative paths stay
 * relative to its folder), and its own keys merge over it by the usual merge
 * rules. `depends_on`, `volumes_from` and `links` are not inherited: a
 * service's dependencies are always written where it is. A cycle is an error.
 */

function resolveService(
  session: LoadSession,
  parsed: ParsedFile,
  name: string,
  chain: readonly string[],
): ServiceDraft {
  const draft = parsed.service(name) as ServiceDraft;
  const spec = draft.extends;
  if (!spec) return draft;
  const at = { file: parsed.file, service: name, key: `services.${name}.extends` };
  const id = `${parsed.file}#${name}`;
  if (chain.includes(id)) {
    const cycle = [...chain.slice(chain.indexOf(id)), id].map((c) => c.split('#')[1]).join(' -> ');
    throw new ComposeFileError(at, `\`extends\` goes round in a cycle (${cycle}); break it`);
  }
  const targetFile = spec.file === undefined ? parsed.file : resolve(dirname(parsed.file), spec.file);
  const target = targetFile === parsed.file ? parsed : session.parse(targetFile, dirname(targetFile));
  if (!target.service(spec.service)) {
    const known = target.serviceNames.join(', ') || 'none';
    throw new ComposeFileError(at, `no service "${spec.service}" in ${target.file} to extend (services: ${known})`);
  }
  const base: ServiceDraft = { ...resolveService(session, target, spec.service, [...chain, id]) };
  delete base.dependsOn;
  delete base.volumesFrom;
  delete base.links;
  const local: ServiceDraft = { ...draft };
  delete local.extends;
  return mergeDrafts(base, local);
}

/** The file's services with every `extends` resolved. */
export function resolveExtends(session: LoadSession, parsed: ParsedFile): Record<string, ServiceDraft> {
  const out: Record<string, ServiceDraft> = {};
  for (const name of parsed.serviceNames) out[name] = resolveService(session, parsed, name, []);
  return out;
}
