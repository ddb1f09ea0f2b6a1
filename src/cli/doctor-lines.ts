import { MAX_API_VERSION, MIN_API_VERSION } from '../engine/api-version.js';
import type { EngineVersion } from '../engine/client.js';

/** Labels line up after the longest one, BITBUCKET_DOCKER_HOST_INTERNAL. */
const LABEL_WIDTH = 33;

/** How `seaworthy doctor` writes a fact: `  label:` padded, then the text. */
export type LabelledLine = (label: string, text: string) => void;

export function labelledLines(out: (text: string) => void): LabelledLine {
  return (label, text) => out(`  ${`${label}:`.padEnd(LABEL_WIDTH)}${text}`);
}

/** The engine's product, version, API range and platform. */
export function versionText(v: EngineVersion): string {
  return `${v.product === 'podman' ? 'Podman' : 'Docker'} ${v.version}, API ${v.apiVersion} (min ${v.minApiVersion}), ${v.os}/${v.arch}`;
}

/** The API version requests carry, and the ranges it was picked from. */
export function apiInUseText(v: EngineVersion): string {
  return (
    `${v.negotiatedApiVersion}, sent with every request (the engine speaks up to ${v.apiVersion}; ` +
    `seaworthy speaks ${MIN_API_VERSION} to ${MAX_API_VERSION})`
  );
}
