import { InvalidOptionError } from '../../errors/index.js';

/** Docker Hub's canonical registry name, for references with no registry part (`node:20`, `team/app`). */
export const DOCKER_HUB = 'docker.io';

/** Names Docker Hub goes by in references and in the keys of a Docker config's `auths`. */
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The server address Docker's own client stores and sends for Docker Hub credentials. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/**
 * The registry an image reference names: its first path component when that
 * has a `.` or a `:` or is `localhost` (`registry.example.com/app`,
 * `127.0.0.1:5000/app`, `localhost/app`), else Docker Hub (`node:20`,
 * `team/app`). Lower-cased, Docker Hub's other names as `docker.io`.
 */
export function registryOf(reference: string): string {
  if (typeof reference !== 'string' || reference.trim() === '') {
    throw new InvalidOptionError('image', `${JSON.stringify(reference)} is not an image reference`);
  }
  const slash = reference.indexOf('/');
  if (slash === -1) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return normalizeRegistry(first);
  return DOCKER_HUB;
}

/**
 * A registry as written in a config key or by a user (`https://host:5000`,
 * `host:5000/v2/`, `https://index.docker.io/v1/`, `docker.io`) in the form
 * {@link registryOf} gives: no scheme, no path, lower case, Docker Hub as
 * `docker.io`.
 */
export function normalizeRegistry(key: string): string {
  const host = (
    key
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .split('/')[0] ?? ''
  ).toLowerCase();
  return HUB_NAMES.has(host) ? DOCKER_HUB : host;
}

/** The server address sent with credentials (and asked of credential helpers): Docker Hub's v1 URL, else the registry. */
export function serverAddressOf(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_SERVER : registry;
}
