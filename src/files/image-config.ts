import type { Container } from '../resources/handles/container.js';

/** What an image says about how to run it, from the engine's image inspect data. */
export interface ImageConfig {
  readonly id: string;
  readonly tags: readonly string[];
  /** Environment as a map (later duplicates win, as in the engine). */
  readonly env: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** e.g. `['8080/tcp']`. */
  readonly exposedPorts: readonly string[];
  /** `''` means root. */
  readonly user: string;
  /** `''` means `/`. */
  readonly workdir: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Config of the image the container was created from (not the container's own overrides). */
export async function imageConfigOf(container: Container): Promise<ImageConfig> {
  const image = container.startInfo.imageId;
  const raw = await container.engine.inspectImage(image);
  const config = raw.Config ?? {};
  return {
    id: raw.Id,
    tags: raw.RepoTags ?? [],
    env: envMap(config.Env ?? []),
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    user: config.User ?? '',
    workdir: config.WorkingDir ?? '',
    labels: config.Labels ?? {},
  };
}

/** `KEY=value` lines as a map; a line without `=` maps to ''. */
export function envMap(lines: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq === -1) env[line] = '';
    else env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
