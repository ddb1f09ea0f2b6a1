/**
 * Every label key seaworthy puts on what it creates, in one leaf module:
 * resources write them, cleanup and the CLI read them. Imports nothing.
 */

/** Label keys seaworthy puts on everything it creates. */
export const LABELS = {
  /** Present (value "true") on every resource seaworthy creates: `docker ps -a --filter label=dev.seaworthy.managed`. */
  managed: 'dev.seaworthy.managed',
  /** The helper's namespace. */
  namespace: 'dev.seaworthy.namespace',
  /** The run (session) that created it; shared by every worker of one test run. */
  session: 'dev.seaworthy.session',
  /** PID of the process that owns it. */
  pid: 'dev.seaworthy.pid',
  /** Host name of the machine that process runs on. */
  host: 'dev.seaworthy.host',
  /** The definition's own name. */
  definition: 'dev.seaworthy.definition',
} as const;

/**
 * The PID namespace of the owning process (Linux: `pid:[4026531836]`), so a
 * pid is only ever checked inside the namespace it belongs to. Without it, two
 * CI jobs in containers that share one daemon and one host name (`--network
 * host` gives a container the host's name) would see each other's pids as dead.
 */
export const PID_NAMESPACE_LABEL = 'dev.seaworthy.pidns';

/**
 * The boot of the machine the owning process runs on (Linux:
 * /proc/sys/kernel/random/boot_id, shared by every container on that
 * kernel). Host names are not unique: two CI machines cloned from one image,
 * sharing a remote daemon, may both be called `runner`, and their host PID
 * namespaces look alike too. Without the boot id, one would see the other's
 * live pids as dead. It also tells pids from before a reboot.
 */
export const BOOT_ID_LABEL = 'dev.seaworthy.boot';

/**
 * Which helper made a resource: a random id per `DockerHelper`. Namespaces
 * can be chosen (the `namespace` option), so a process may create a second
 * helper with the namespace of a first; the watchdog of the first, still
 * sweeping after a failed teardown, must not take the second's resources.
 */
export const HELPER_ID_LABEL = 'dev.seaworthy.helper';

/** Labels on init snapshot images (docs/snapshots.md). */
export const SNAPSHOT_LABELS = {
  /** The full key (sha256 hex); a snapshot is used only when it equals the key computed now. */
  key: 'dev.seaworthy.snapshot.key',
  /** The definition's name; older snapshots of the same name are removed when a new one is made. */
  definition: 'dev.seaworthy.snapshot.definition',
  /** Id of the image the snapshot was made from. */
  baseImage: 'dev.seaworthy.snapshot.base-image',
} as const;

/**
 * The one label seaworthy puts on images an `ImageDefinition` builds
 * (docs/images.md): the full content hash (sha256 hex). A cached image is
 * used only when it equals the hash computed now. One label only: the
 * classic builder turns each label into a build step of its own.
 */
export const IMAGE_HASH_LABEL = 'dev.seaworthy.image.hash';

/**
 * Labels on a container kept alive across runs by `reuse` (docs/reuse.md).
 * Such a container belongs to no process: the reaper and the watchdogs of
 * helpers leave it alone; its keeper process removes it once idle.
 */
export const REUSE_LABELS = {
  /** The full reuse key (sha256 hex of the definition, its image id and the engine). */
  key: 'dev.seaworthy.reuse.key',
  /** Idle time (ms) after which its keeper removes it, as the creating run asked. */
  idleMs: 'dev.seaworthy.reuse.idle-ms',
} as const;
