import { type CleanupEnv, type CleanupOptions, resolveCleanupOptions } from '../../cleanup/helper-cleanup.js';
import type { Engine, EngineOptions } from '../../engine/docker/engine.js';
import { InvalidOptionError } from '../../errors/index.js';
import type { PullPolicy } from '../definitions/container-options.js';
import { assertValidName } from '../definitions/validation.js';
import { PROGRESS_MODES, type ProgressMode } from '../images/progress.js';
import { checkCredentials, type RegistryCredentials } from '../images/registry-auth.js';
import { assertHelperNetworkMode, type HelperNetworkMode } from '../launch/network-placement.js';
import { defaultNamespace, defaultSession, type NamespaceEnv } from './namespace.js';

export interface DockerHelperOptions {
  /** An engine connection to share, or how to connect. @default DOCKER_HOST, then the Docker context, then the default sockets (docs/engine.md) */
  readonly engine?: Engine | EngineOptions;
  /**
   * Prefix of every resource name. @default `sw-<session>-w<worker>-<random>`,
   * so parallel workers and helpers never collide
   */
  readonly namespace?: string;
  /** The run id put on every resource's labels. @default $SEAWORTHY_SESSION_ID or a random id */
  readonly session?: string;
  /** Default pull policy for containers that don't set one. @default $SEAWORTHY_PULL or 'missing' */
  readonly pull?: PullPolicy;
  /**
   * How image builds, pulls and pushes show progress on stderr: `'auto'`
   * (one rewritten line on a terminal, one line per step or layer in CI),
   * `'tty'`, `'lines'` or `'quiet'`. @default $SEAWORTHY_PROGRESS or 'auto'
   */
  readonly progress?: ProgressMode;
  /**
   * Pull credentials per registry, keyed as in Docker's config
   * (`registry.example.com`, `127.0.0.1:5000`, `docker.io`): used for images
   * of that registry whose definition has no `registryAuth` of its own,
   * before `$DOCKER_CONFIG/config.json` (read through `env`). See docs/registry.md.
   * @default none: Docker's config only
   */
  readonly registryAuth?: Readonly<Record<string, RegistryCredentials>>;
  /**
   * When containers join the helper's network: `'when-needed'` (a container
   * alone in the helper starts on the default bridge, ~100 ms faster, and is
   * connected once a second one arrives; see docs/helper.md), or `'always'`
   * (at create).
   * @default $SEAWORTHY_HELPER_NETWORK or 'when-needed'
   */
  readonly network?: HelperNetworkMode;
  /**
   * Crash safety: the watchdog process, the reaper of dead runs' leftovers,
   * teardown on SIGINT/SIGTERM. All on by default; see docs/cleanup.md.
   */
  readonly cleanup?: CleanupOptions;
  /**
   * Environment to read defaults from, the engine's address (DOCKER_HOST & co.)
   * included unless `engine` brings its own. @default process.env
   */
  readonly env?: NamespaceEnv &
    CleanupEnv &
    NonNullable<EngineOptions['env']> & {
      readonly SEAWORTHY_PULL?: string;
      readonly SEAWORTHY_HELPER_NETWORK?: string;
      readonly SEAWORTHY_PROGRESS?: string;
      // Pull credentials (issue 14): where Docker's config is, and PATH for credential helpers.
      readonly DOCKER_CONFIG?: string;
      readonly HOME?: string;
      readonly PATH?: string;
    };
}

export type HelperEnv = NonNullable<DockerHelperOptions['env']>;

/** The settings a helper is made with, resolved from its options. */
export interface HelperSettings {
  readonly namespace: string;
  readonly session: string;
  readonly pull: PullPolicy;
  readonly network: HelperNetworkMode;
  readonly progress: ProgressMode;
  /** Pull credentials (issue 14): per registry, and the env Docker's config is found through. */
  readonly pullCredentials: {
    readonly registryAuth?: Readonly<Record<string, RegistryCredentials>>;
    readonly env: Readonly<Record<string, string | undefined>>;
  };
}

/** The helper's options checked, with their defaults read from `env`; throws before any engine call. */
export function resolveHelperOptions(options: DockerHelperOptions) {
  const env = options.env ?? (process.env as HelperEnv);
  const session = options.session ?? defaultSession(env);
  assertValidName('session', session);
  const namespace = options.namespace ?? defaultNamespace(session, env);
  assertValidName('namespace', namespace);
  const pull = options.pull ?? (env.SEAWORTHY_PULL as PullPolicy | undefined) ?? 'missing';
  if (!['missing', 'never', 'always'].includes(pull)) {
    throw new InvalidOptionError('pull', `${JSON.stringify(pull)} must be 'missing', 'never' or 'always'`);
  }
  const network = options.network ?? env.SEAWORTHY_HELPER_NETWORK ?? 'when-needed';
  assertHelperNetworkMode(options.network !== undefined ? 'network' : 'SEAWORTHY_HELPER_NETWORK', network);
  const cleanup = resolveCleanupOptions(options.cleanup, env);
  const progress = options.progress ?? (env.SEAWORTHY_PROGRESS as ProgressMode | undefined) ?? 'auto';
  if (!PROGRESS_MODES.includes(progress)) {
    const source = options.progress !== undefined ? 'progress' : 'SEAWORTHY_PROGRESS';
    throw new InvalidOptionError(source, `${JSON.stringify(progress)} must be one of ${PROGRESS_MODES.join(', ')}`);
  }
  // Pull credentials (issue 14).
  const registryAuth = options.registryAuth;
  if (registryAuth !== undefined) {
    if (typeof registryAuth !== 'object' || registryAuth === null || Array.isArray(registryAuth)) {
      throw new InvalidOptionError(
        'registryAuth',
        'must be an object of credentials by registry, e.g. { "127.0.0.1:5000": { username, password } }',
      );
    }
    for (const [registry, credentials] of Object.entries(registryAuth)) {
      checkCredentials(credentials, `registryAuth[${JSON.stringify(registry)}]`);
    }
  }
  const pullCredentials = { ...(registryAuth ? { registryAuth } : {}), env: env as Record<string, string | undefined> };
  return { env, session, namespace, pull, network, cleanup, progress, pullCredentials };
}
