/**
 * One message of the engine's JSON progress stream, as pulls, pushes and
 * builds send it: a layer's status and bytes, a build's output text, or an
 * error the engine reports after it has already answered 200.
 */
export interface RawProgressEvent {
  /** A pull or push status: `Downloading`, `Pull complete`, `Pushed`… */
  readonly status?: string;
  /** The layer (or image) the status is about. */
  readonly id?: string;
  /** The engine's own progress bar text. */
  readonly progress?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  /** Build output text, usually ending with a newline. */
  readonly stream?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string; readonly code?: number };
  /** Extra data: a build's image `ID`, a push's `Tag`, `Digest` and `Size`. */
  readonly aux?: Readonly<Record<string, unknown>>;
}

/** Receives each progress message as it arrives. */
export type ProgressListener = (event: RawProgressEvent) => void;

/** Registry credentials, as the engine takes them in its `X-Registry-Auth` header. */
export interface RawRegistryAuth {
  readonly username?: string;
  readonly password?: string;
  /** An OAuth identity token, instead of a password. */
  readonly identitytoken?: string;
  /** The registry these are for, e.g. `registry.example.com:5000`. */
  readonly serveraddress?: string;
}

/** How `EngineClient.pullImage` pulls. */
export interface RawPullOptions {
  readonly signal?: AbortSignal;
  readonly auth?: RawRegistryAuth;
  /** `linux/amd64`; the engine's own platform by default. */
  readonly platform?: string;
  readonly onProgress?: ProgressListener;
}

/** The error an engine reported inside a progress stream, if any. */
export function progressError(events: readonly RawProgressEvent[]): string | undefined {
  const failed = events.find((event) => event.error !== undefined || event.errorDetail?.message !== undefined);
  return failed ? (failed.errorDetail?.message ?? failed.error) : undefined;
}
