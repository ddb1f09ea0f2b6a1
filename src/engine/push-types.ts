import type { ProgressListener, RawRegistryAuth } from './progress-types.js';

/** How `EngineClient.pushImage` pushes. */
export interface RawPushOptions {
  readonly signal?: AbortSignal;
  /** Credentials for the registry; none sends an empty `X-Registry-Auth`. */
  readonly auth?: RawRegistryAuth;
  readonly onProgress?: ProgressListener;
}

/** What the registry answered for a finished push. */
export interface RawPushResult {
  /** The manifest digest, `sha256:…`, when the engine reported one. */
  readonly digest: string | undefined;
  /** The manifest's size in bytes, when reported. */
  readonly size: number | undefined;
}
