import type { EngineClient } from '../../engine/client.js';
import type { RawRegistryAuth } from '../../engine/progress-types.js';
import { ImageTagError, InvalidOptionError } from '../../errors/index.js';
import { type ProgressMode, type ProgressOptions, progressReporter } from './progress.js';
import { parseReference } from './reference-grammar.js';
import { checkCredentials, type RegistryCredentials, resolveRegistryAuth } from './registry-auth.js';
import { registryOf } from './registry-reference.js';
import { dockerCommands, planTags, TAG_PLAN_KEYS, type TagPlan, type TagPlanOptions } from './tag-plan.js';

/** How {@link tagAndPush} tags and pushes: the tag options plus these. */
export interface TagAndPushOptions extends TagPlanOptions, ProgressOptions {
  /**
   * Credentials for the registries pushed to. Without them, each registry's
   * credentials are looked up in the Docker config (`$DOCKER_CONFIG`, else
   * `~/.docker/config.json`: `credHelpers`, `credsStore`, `auths`, as
   * `resolveRegistryAuth()` does); with none there, the push is anonymous.
   */
  readonly auth?: RegistryCredentials;
  /** Print the equivalent `docker tag` / `docker push` lines and change nothing. @default false */
  readonly dryRun?: boolean;
  /** Also print each tag and push as it happens. @default false */
  readonly verbose?: boolean;
  /** Where dry-run and verbose lines go. @default a line on standard output */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** What {@link tagAndPush} did. */
export interface TagAndPushResult {
  readonly plan: TagPlan;
  /** The docker CLI lines that do the same. */
  readonly commands: readonly string[];
  readonly dryRun: boolean;
  /** The tags created (none in a dry run). */
  readonly tagged: readonly { readonly source: string; readonly target: string }[];
  /** The references pushed and the digest the registry reported (none in a dry run). */
  readonly pushed: readonly PushedReference[];
}

export interface PushedReference {
  readonly reference: string;
  /** `sha256:…`; `undefined` if the engine did not report one. */
  readonly digest: string | undefined;
}

/** A helper (its engine and progress setting) or an engine client. */
export type TagAndPushTarget = EngineClient | { readonly engine: EngineClient; readonly progress?: ProgressMode };

const OWN_KEYS = ['auth', 'dryRun', 'verbose', 'log', 'signal', 'mode', 'output', 'env'] as const;
const PLAN_KEYS = TAG_PLAN_KEYS;

/**
 * Tag `images` and push the new references, with docker-ci-deploy's tag
 * rules (see {@link planTags}), through the Engine API. Every option is
 * checked and every source image looked up before the first tag is made.
 * Rejects with `InvalidOptionError`, `ImageTagError` or `ImagePushError`
 * (naming the reference; also for errors the engine reports inside the
 * push's progress stream).
 */
export async function tagAndPush(
  target: TagAndPushTarget,
  images: readonly string[],
  options: TagAndPushOptions = {},
): Promise<TagAndPushResult> {
  checkOwnOptions(options);
  const plan = planTags(images, pickPlanOptions(options));
  const commands = dockerCommands(plan);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (options.dryRun) {
    for (const line of commands) log(line);
    return { plan, commands, dryRun: true, tagged: [], pushed: [] };
  }
  const engine = 'pushImage' in target ? target : target.engine;
  const mode = options.mode ?? ('pushImage' in target ? undefined : target.progress);
  for (const { source } of plan.images) {
    if ((await engine.findImage(source)) === undefined) {
      throw new ImageTagError(
        source,
        plan.images.find((i) => i.source === source)?.targets[0] ?? source,
        'no such image on the engine',
      );
    }
  }
  const tagged: { source: string; target: string }[] = [];
  for (const step of plan.tags) {
    if (options.verbose) log(`tagging ${step.source} as ${step.target}`);
    const parts = parseReference(step.target);
    await engine.tagImage(step.source, parts?.name ?? step.target, parts?.tag ?? 'latest');
    tagged.push(step);
  }
  const pushed: PushedReference[] = [];
  const credentials = new Map<string, Promise<RawRegistryAuth | undefined>>();
  const authFor = (reference: string) => {
    const registry = registryOf(reference);
    let found = credentials.get(registry);
    if (!found) {
      found = resolveRegistryAuth(reference, { auth: options.auth, env: options.env });
      credentials.set(registry, found);
    }
    return found;
  };
  for (const reference of plan.pushes) {
    if (options.verbose) log(`pushing ${reference}`);
    const progress = progressReporter(`push ${reference}`, { mode, output: options.output, env: options.env });
    try {
      const result = await engine.pushImage(reference, {
        signal: options.signal,
        auth: await authFor(reference),
        onProgress: (event) => progress.event(event),
      });
      progress.done();
      pushed.push({ reference, digest: result.digest });
      if (options.verbose) log(`pushed ${reference}${result.digest ? ` ${result.digest}` : ''}`);
    } catch (error) {
      progress.done(true);
      throw error;
    }
  }
  return { plan, commands, dryRun: false, tagged, pushed };
}

function pickPlanOptions(options: TagAndPushOptions): TagPlanOptions {
  const picked: Record<string, unknown> = {};
  for (const key of PLAN_KEYS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as TagPlanOptions;
}

function checkOwnOptions(options: TagAndPushOptions): void {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  const known = new Set<string>([...OWN_KEYS, ...PLAN_KEYS]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new InvalidOptionError(key, `unknown option; known: ${[...known].join(', ')}`);
  }
  const { auth, log } = options;
  if (auth !== undefined) checkCredentials(auth, 'auth');
  if (log !== undefined && typeof log !== 'function') throw new InvalidOptionError('log', 'must be a function');
}
