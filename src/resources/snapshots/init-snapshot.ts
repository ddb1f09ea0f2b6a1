import type { EngineClient, ImageSummary } from '../../engine/client.js';
import { statusCodeOf } from '../../engine/error-mapping.js';
import { EngineRequestError, errorMessage, ImageNotFoundError, InvalidOptionError } from '../../errors/index.js';
import { SNAPSHOT_LABELS } from '../../labels.js';
import { ContainerDefinition, type ContainerHost, type SetupOptions } from '../definitions/container-definition.js';
import { baseCreateRequest, type PullPolicy } from '../definitions/container-options.js';
import type { CreateRequest } from '../definitions/create-request.js';
import { type DeepPatch, deepMerge } from '../definitions/merge.js';
import type { Container } from '../handles/container.js';
import { underClaim } from './init-snapshot-claim.js';
import {
  contentDigest,
  type SnapshotKeyMaterial,
  snapshotKey,
  snapshotKeyMaterial,
  snapshotReference,
} from './init-snapshot-key.js';

/**
 * Init snapshots: a `docker commit` of a service right after its first-time
 * initialisation, kept as a local image and keyed by everything that decides
 * what that initialisation writes. Every setup of an opted-in definition
 * starts from the snapshot for its key; when there is none yet, a throwaway
 * "init container" with the very same create request runs the init, is
 * stopped cleanly (so the data needs no crash recovery) and committed first.
 *
 * A definition opts in by carrying an {@link InitSnapshotSpec} under the
 * {@link INIT_SNAPSHOT} key; container launch asks {@link prepareInitSnapshot}
 * before create. `PostgresDefinition({ initSnapshot: true })` is the one that
 * ships. See docs/snapshots.md.
 */

/** What making a snapshot needs from a helper: its engine, and setting up the init container. */
export interface SnapshotHost extends ContainerHost {
  readonly engine: EngineClient;
  /** Put on the snapshot claim, so a crashed holder's claim is cleaned up like its other resources. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Where a definition keeps its {@link InitSnapshotSpec}. */
export const INIT_SNAPSHOT: unique symbol = Symbol.for('seaworthy.initSnapshot');

/** How a definition takes part in init snapshots. */
export interface InitSnapshotSpec {
  /**
   * Paths in the container holding what init writes. They must be on the
   * container's own filesystem: a commit leaves out volumes (including the
   * image's declared VOLUMEs), tmpfs and bind mounts, so setup fails with
   * {@link InvalidOptionError} if one of these paths is on such a mount.
   */
  readonly dataPaths: readonly string[];
  /**
   * Part of the key: change it when what the definition itself does to the
   * data before it is ready changes, so older snapshots miss.
   */
  readonly salt: string;
  /**
   * How long the init container may take to shut down cleanly (on the
   * image's stop signal) before it is killed; a killed one is committed all
   * the same, and then recovers at each start. @default 30_000
   */
  readonly stopTimeoutMs?: number;
}

/** A definition that may carry an {@link InitSnapshotSpec}. */
export interface InitSnapshotCapable {
  readonly name: string;
  readonly [INIT_SNAPSHOT]?: InitSnapshotSpec | undefined;
}

/** One snapshot image on the engine. */
export interface InitSnapshotInfo {
  /** Image id, `sha256:…`. */
  readonly id: string;
  /** `seaworthy-snapshot/<name>:<key prefix>`; `undefined` once a newer commit took the tag. */
  readonly reference: string | undefined;
  /** The definition's name. */
  readonly definition: string;
  /** The full key. */
  readonly key: string;
  /** Id of the image it was made from. */
  readonly baseImage: string;
  /** The image's size, base layers included (what `docker images` shows). */
  readonly sizeBytes: number;
  /** What the snapshot adds to its base image (its own layer); `undefined` if the base image is gone. */
  readonly ownSizeBytes: number | undefined;
  readonly createdAt: Date;
}

/** What {@link removeInitSnapshots} did. */
export interface SnapshotRemovalReport {
  readonly removed: readonly InitSnapshotInfo[];
  readonly failed: readonly { readonly snapshot: InitSnapshotInfo; readonly error: unknown }[];
}

/** The definition's spec, if it opted in. */
export function initSnapshotSpecOf(definition: object): InitSnapshotSpec | undefined {
  return (definition as InitSnapshotCapable)[INIT_SNAPSHOT];
}

/**
 * Before a setup is placed and created: key the definition and find the
 * snapshot for it, making it first (init container, clean stop, commit) when
 * there is none. `undefined` when the definition did not opt in (then
 * nothing is asked of the engine). Throws {@link InvalidOptionError} when
 * the data would not be in a commit, or a bind mount's source can't be read
 * to key it; an init container that fails fails the setup the way the
 * service itself would.
 */
export async function prepareInitSnapshot(
  helper: SnapshotHost,
  definition: ContainerDefinition<Container> & InitSnapshotCapable,
  pull: PullPolicy,
  signal?: AbortSignal,
  /** The image reference, when the definition's `image` is an image definition set up already. */
  built?: string,
): Promise<InitSnapshotLaunch | undefined> {
  const spec = initSnapshotSpecOf(definition);
  if (!spec) return undefined;
  const { engine } = helper;
  const request = keyRequest(definition, built);
  assertDataOnOwnFilesystem(definition.name, spec, request, []);
  const material = snapshotKeyMaterial(request, spec.salt, await bindDigests(definition.name, request));
  const image = request.Image ?? built ?? String(definition.options.image);
  // Keyed by the image as it is now: with pull 'always', that is after the pull.
  if (pull === 'always') await engine.pullImage(image, { signal });
  // An image not here yet is pulled by the init container's create; the key then comes from the image it got.
  const base = await engine.findImage(image);
  if (base) {
    assertDataOnOwnFilesystem(definition.name, spec, request, declaredVolumes(base));
    const key = snapshotKey(base.Id, material);
    const found = await findSnapshot(engine, definition.name, key);
    if (found) return new InitSnapshotLaunch(definition.name, key, found);
  }
  const made = await makeSnapshot(helper, definition, spec, request, material, signal);
  return new InitSnapshotLaunch(definition.name, made.key, made.id);
}

/**
 * The create request as far as the key is concerned: built from the
 * definition's options, request patch and overrides the way launch builds
 * it, minus what belongs to one helper (its labels and network, the
 * namespaced names of volumes it sets up), so every helper computes the
 * same key. Volume mounts appear by target only.
 */
function keyRequest(definition: ContainerDefinition<Container>, built?: string): CreateRequest {
  const { options } = definition;
  const base = baseCreateRequest(options, {});
  if (built !== undefined) base.Image = built;
  const mounts = (options.mounts ?? []).map((mount) =>
    mount.type === 'tmpfs'
      ? {
          Type: 'tmpfs' as const,
          Target: mount.target,
          TmpfsOptions: {
            ...(mount.sizeBytes !== undefined ? { SizeBytes: mount.sizeBytes } : {}),
            ...(mount.mode !== undefined ? { Mode: mount.mode } : {}),
          },
        }
      : mount.type === 'bind'
        ? { Type: 'bind' as const, Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly ?? false }
        : { Type: 'volume' as const, Target: mount.target, ReadOnly: mount.readOnly ?? false },
  );
  if (mounts.length) base.HostConfig = { ...base.HostConfig, Mounts: mounts };
  return deepMerge(base, definition.createRequestPatch(base), options.createOverrides);
}

/** One launch's part in init snapshots: the snapshot image to create the container from. */
export class InitSnapshotLaunch {
  /** `seaworthy-snapshot/<name>:<key prefix>`. */
  readonly reference: string;

  constructor(
    definitionName: string,
    /** The full key. */
    readonly key: string,
    /** Id of the snapshot image, as found or committed. */
    readonly snapshotImage: string,
  ) {
    const { repository, tag } = snapshotReference(definitionName, key);
    this.reference = `${repository}:${tag}`;
  }

  /**
   * Create the container from the snapshot (never pulled), by its reference
   * so `docker ps` names it: the tag only ever names an image of this key.
   * If it was removed since it was found (pruned by another run), the
   * container is created from `request` as it is and runs its own init:
   * slower, never stale.
   */
  async create(
    request: CreateRequest,
    pull: PullPolicy,
    create: (request: CreateRequest, pull: PullPolicy) => Promise<string>,
  ): Promise<string> {
    try {
      return await create({ ...request, Image: this.reference }, 'never');
    } catch (error) {
      if (!(error instanceof ImageNotFoundError)) throw error;
    }
    return create(request, pull);
  }
}

/**
 * The init container: the definition's own create request (options and
 * request patch), its own readiness, under the name `<name>.snapshot-init`,
 * with a plain handle. It carries no spec, so it never looks for snapshots.
 */
class SnapshotInitDefinition extends ContainerDefinition {
  constructor(private readonly original: ContainerDefinition<Container>) {
    super(`${original.name}.snapshot-init`, original.options);
  }

  override createRequestPatch(request: Readonly<CreateRequest>): DeepPatch<CreateRequest> | undefined {
    return this.original.createRequestPatch(request);
  }
}

/** Run the init in a container of its own, stop it cleanly, commit it; then remove it. */
async function makeSnapshot(
  helper: SnapshotHost,
  definition: ContainerDefinition<Container>,
  spec: InitSnapshotSpec,
  request: CreateRequest,
  material: SnapshotKeyMaterial,
  signal: AbortSignal | undefined,
): Promise<{ key: string; id: string }> {
  const { engine } = helper;
  const name = definition.name;
  const setupOptions: SetupOptions = signal ? { signal } : {};
  const init = await new SnapshotInitDefinition(definition).setup(helper, setupOptions);
  try {
    const container = await engine.inspectContainer(init.id).catch((error: unknown) => {
      throw error;
    });
    // Keyed by the image the init really ran on (it may have been pulled just now).
    const base = await engine.findImage(container.Image);
    if (!base) {
      throw new EngineRequestError(
        `find the image of '${init.definition.name}'`,
        404,
        `image ${container.Image} was removed while the init container ran; set the service up again`,
      );
    }
    assertDataOnOwnFilesystem(name, spec, request, declaredVolumes(base));
    const key = snapshotKey(base.Id, material);
    // A clean shutdown: a server started from the commit has nothing to recover.
    await engine.stopContainer(init.id, Math.ceil((spec.stopTimeoutMs ?? 30_000) / 1000)).catch((error: unknown) => {
      // 304: it had already stopped, which is just as good.
      if (statusCodeOf(error) !== 304) throw error;
    });
    const reference = snapshotReference(name, key);
    const labels = snapshotImageLabels(base.Config?.Labels ?? {}, container.Config.Labels ?? {}, {
      [SNAPSHOT_LABELS.key]: key,
      [SNAPSHOT_LABELS.definition]: name,
      [SNAPSHOT_LABELS.baseImage]: base.Id,
    });
    // Another setup (here or in another process) may be committing the same key: whichever holds the
    // claim first commits; the others use its snapshot and commit nothing.
    const id = await underClaim(helper, name, reference, base.Id, signal, async () => {
      const raced = await findSnapshot(engine, name, key);
      if (raced) return raced;
      const committed = await engine.commitContainer(init.id, { ...reference, labels }, signal);
      // Housekeeping only: a failure here leaves old images for `seaworthy snapshots --prune`.
      await removeOtherSnapshots(engine, name, key).catch(() => undefined);
      return committed;
    });
    return { key, id };
  } finally {
    await init.teardown();
  }
}

/**
 * The labels to commit with. The engine keeps every label of the container
 * that the commit's own labels don't name (it can't delete one), so each
 * label the container has beyond its image's (seaworthy's ownership labels,
 * the definition's own) is named and set to the empty string, and labels the
 * create request overrode get the image's value back. A container created
 * from the snapshot then carries its own request's labels over these. Pure.
 */
export function snapshotImageLabels(
  imageLabels: Readonly<Record<string, string>>,
  containerLabels: Readonly<Record<string, string>>,
  snapshotLabels: Readonly<Record<string, string>>,
): Record<string, string> {
  const labels: Record<string, string> = { ...imageLabels };
  for (const key of Object.keys(containerLabels)) labels[key] = imageLabels[key] ?? '';
  return { ...labels, ...snapshotLabels };
}

/** Every snapshot image on the engine, newest first. */
export async function listInitSnapshots(engine: EngineClient): Promise<InitSnapshotInfo[]> {
  const images = await engine.listImagesByLabel(SNAPSHOT_LABELS.key);
  const baseSizes = new Map<string, number | undefined>();
  for (const image of images) {
    const base = image.labels[SNAPSHOT_LABELS.baseImage];
    if (base && !baseSizes.has(base)) {
      const found = (await engine.findImage(base)) as { Size?: number } | undefined;
      baseSizes.set(base, found?.Size);
    }
  }
  return images.map((image) => toInfo(image, baseSizes)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Remove snapshot images (by id, never forced). Never throws: failures are in the report. */
export async function removeInitSnapshots(
  engine: EngineClient,
  snapshots: readonly InitSnapshotInfo[],
): Promise<SnapshotRemovalReport> {
  const removed: InitSnapshotInfo[] = [];
  const failed: { snapshot: InitSnapshotInfo; error: unknown }[] = [];
  for (const snapshot of snapshots) {
    try {
      await engine.removeImage(snapshot.id);
      removed.push(snapshot);
    } catch (error) {
      failed.push({ snapshot, error });
    }
  }
  return { removed, failed };
}

function toInfo(image: ImageSummary, baseSizes: ReadonlyMap<string, number | undefined>): InitSnapshotInfo {
  const baseImage = image.labels[SNAPSHOT_LABELS.baseImage] ?? '';
  const baseSize = baseSizes.get(baseImage);
  return {
    id: image.id,
    reference: image.repoTags[0],
    definition: image.labels[SNAPSHOT_LABELS.definition] ?? '',
    key: image.labels[SNAPSHOT_LABELS.key] ?? '',
    baseImage,
    sizeBytes: image.sizeBytes,
    ownSizeBytes: baseSize === undefined ? undefined : Math.max(0, image.sizeBytes - baseSize),
    createdAt: image.createdAt,
  };
}

/** The snapshot image for this key, if the engine has it (tag found and its key label equal). */
async function findSnapshot(engine: EngineClient, definitionName: string, key: string): Promise<string | undefined> {
  const { repository, tag } = snapshotReference(definitionName, key);
  const image = await engine.findImage(`${repository}:${tag}`);
  return image?.Config?.Labels?.[SNAPSHOT_LABELS.key] === key ? image.Id : undefined;
}

/**
 * After a commit: remove this definition's snapshots made for other keys,
 * and untagged ones of this key (a racing commit of the same key took the
 * tag). A tagged image of this key is never removed, so two setups racing
 * can't remove each other's. One still used by a container stays; a later
 * commit or `seaworthy snapshots --prune` gets it.
 */
async function removeOtherSnapshots(engine: EngineClient, definitionName: string, key: string): Promise<void> {
  const images = await engine.listImagesByLabel(`${SNAPSHOT_LABELS.definition}=${definitionName}`);
  for (const image of images) {
    if (image.labels[SNAPSHOT_LABELS.definition] !== definitionName) continue;
    if (image.labels[SNAPSHOT_LABELS.key] === key && image.repoTags.length > 0) continue;
    await engine.removeImage(image.id).catch(() => undefined);
  }
}

/** Content digests of every bind mount source, read on this machine. */
async function bindDigests(definitionName: string, request: CreateRequest): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const mount of request.HostConfig?.Mounts ?? []) {
    if (mount.Type !== 'bind' || mount.Source === undefined || mount.Source in digests) continue;
    try {
      digests[mount.Source] = await contentDigest(mount.Source);
    } catch (error) {
      throw new InvalidOptionError(
        `${definitionName}.initSnapshot`,
        `the bind mount source ${mount.Source} can't be read here (${errorMessage(error)}), so a snapshot can't ` +
          'be keyed by its content. Make it readable on this machine (with a remote engine it must exist on both), ' +
          'or turn initSnapshot off.',
      );
    }
  }
  return digests;
}

/** Fail when a data path is on, or holds, a volume, tmpfs or bind mount: a commit would leave that data out. */
function assertDataOnOwnFilesystem(
  definitionName: string,
  spec: InitSnapshotSpec,
  request: CreateRequest,
  imageVolumes: readonly string[],
): void {
  const host = request.HostConfig ?? {};
  const mounts: { kind: string; target: string }[] = [
    ...(host.Mounts ?? []).map((m) => ({ kind: `${m.Type} mount`, target: m.Target })),
    ...((host.Binds as string[] | undefined) ?? []).map((b) => ({ kind: 'bind', target: b.split(':')[1] ?? '' })),
    ...Object.keys((host.Tmpfs as Record<string, string> | undefined) ?? {}).map((t) => ({ kind: 'tmpfs', target: t })),
    ...imageVolumes.map((target) => ({ kind: "image's declared VOLUME", target })),
  ];
  for (const path of spec.dataPaths) {
    for (const { kind, target } of mounts) {
      if (target && (within(path, target) || within(target, path))) {
        throw new InvalidOptionError(
          `${definitionName}.initSnapshot`,
          `the data at ${path} would be on the ${kind} at ${target}, and a commit leaves mounts and volumes out, ` +
            'so a snapshot would hold no data. Remove that mount, or turn initSnapshot off.',
        );
      }
    }
  }
}

function within(path: string, dir: string): boolean {
  const trimmed = dir.replace(/\/+$/, '') || '/';
  return path === trimmed || path.startsWith(trimmed === '/' ? '/' : `${trimmed}/`);
}

function declaredVolumes(image: { Config?: unknown }): string[] {
  const volumes = (image.Config as { Volumes?: Record<string, unknown> | null } | null | undefined)?.Volumes;
  return Object.keys(volumes ?? {});
}
