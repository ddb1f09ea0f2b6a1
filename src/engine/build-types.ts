import type { ProgressListener } from './progress-types.js';

/** How `EngineClient.buildImage` builds (the classic builder's `/build` query, Engine API 1.41). */
export interface RawBuildOptions {
  /** Names the image in errors: the image definition's name. */
  readonly displayName: string;
  /** `repository:tag` references to apply. */
  readonly tags: readonly string[];
  /** Path of the Dockerfile inside the context. @default 'Dockerfile' */
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Stage to build. */
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** `linux/amd64`; the engine's own platform by default. */
  readonly platform?: string;
  /** Pull newer versions of the base images (`docker build --pull`). */
  readonly pull?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}
