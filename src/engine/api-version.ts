/**
 * Engine API version negotiation, as the docker CLI does it: ask the engine
 * which versions it speaks (`GET /version`: ApiVersion, MinAPIVersion), use
 * the newer of the two sides' common versions, and send every request with
 * that version in its path (`/v1.41/containers/create`). Pure: connect.ts
 * asks, this decides.
 */

/** The oldest Engine API seaworthy speaks: Docker Engine 20.10, Podman 4's compat socket. */
export const MIN_API_VERSION = '1.41';
/**
 * The newest Engine API seaworthy speaks (Docker Engine 28). Newer engines
 * are spoken to in this version; nothing seaworthy reads changed up to it
 * (docs/engine.md#api-versions).
 */
export const MAX_API_VERSION = '1.51';

/** What the negotiation decided. */
export type ApiVersionDecision =
  | { readonly kind: 'ok'; readonly version: string; readonly reason: string }
  | { readonly kind: 'too-old'; readonly engine: string; readonly minimum: string }
  | { readonly kind: 'too-new'; readonly engineMin: string; readonly maximum: string };

/** Parse `1.41` into [1, 41]; `undefined` for anything else. */
export function parseApiVersion(text: string | undefined): readonly [number, number] | undefined {
  const match = /^\s*v?(\d+)\.(\d+)\s*$/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. Numeric: 1.9 < 1.41. */
export function compareApiVersions(a: string, b: string): number {
  const pa = parseApiVersion(a);
  const pb = parseApiVersion(b);
  if (!pa || !pb) throw new Error(`not an API version: '${pa ? b : a}'`);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/**
 * Pick the API version to speak: min(seaworthy's newest, the engine's
 * newest). An engine that gives no usable ApiVersion (some compatible
 * engines) is spoken to in seaworthy's minimum, which every engine seaworthy
 * supports accepts.
 */
export function negotiateApiVersion(
  engine: { readonly apiVersion: string; readonly minApiVersion: string },
  supported: { readonly min: string; readonly max: string } = { min: MIN_API_VERSION, max: MAX_API_VERSION },
): ApiVersionDecision {
  if (!parseApiVersion(engine.apiVersion)) {
    return {
      kind: 'ok',
      version: supported.min,
      reason: `the engine gave no API version ('${engine.apiVersion}'), so seaworthy's oldest`,
    };
  }
  if (compareApiVersions(engine.apiVersion, supported.min) < 0) {
    return { kind: 'too-old', engine: engine.apiVersion, minimum: supported.min };
  }
  if (parseApiVersion(engine.minApiVersion) && compareApiVersions(engine.minApiVersion, supported.max) > 0) {
    return { kind: 'too-new', engineMin: engine.minApiVersion, maximum: supported.max };
  }
  return compareApiVersions(engine.apiVersion, supported.max) <= 0
    ? { kind: 'ok', version: normalise(engine.apiVersion), reason: "the engine's own (seaworthy speaks it)" }
    : { kind: 'ok', version: supported.max, reason: `seaworthy's newest (the engine speaks ${engine.apiVersion})` };
}

function normalise(version: string): string {
  const [major, minor] = parseApiVersion(version) ?? [0, 0];
  return `${major}.${minor}`;
}

/** What an API version lets seaworthy do differently. */
export interface ApiFeatures {
  /** API 1.44: `POST /containers/create` attaches every network in `EndpointsConfig`, not just one. */
  readonly multipleNetworksAtCreate: boolean;
}

/** The features of an API version (the negotiated one). */
export function apiFeatures(version: string): ApiFeatures {
  return { multipleNetworksAtCreate: compareApiVersions(version, '1.44') >= 0 };
}
