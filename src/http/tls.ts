import { InvalidOptionError } from '../errors/index.js';

/** How an HTTPS request trusts the server's certificate. */
export interface TlsTrustOptions {
  /**
   * CA certificate(s), PEM, that the server's certificate must chain to,
   * instead of Node's default list: e.g. the CA a container made for itself.
   */
  readonly ca?: string | Buffer;
  /**
   * Accept any certificate (self-signed, expired, another host's name): the
   * connection is still encrypted, but the server is not verified. For
   * tests only. Not together with `ca`.
   */
  readonly insecure?: boolean;
}

/** What undici's `connect` option gets for a {@link TlsTrustOptions}. */
export interface TlsConnectOptions {
  readonly ca?: string | Buffer;
  readonly rejectUnauthorized?: boolean;
}

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Check `ca` and `insecure` against the scheme and each other, before any
 * request. Returns the scheme to use (`https` when either is given and no
 * scheme was) and the `connect` options for undici.
 */
export function tlsTrust(
  name: string,
  scheme: unknown,
  options: TlsTrustOptions,
): { scheme: 'http' | 'https'; connect: TlsConnectOptions | undefined } {
  const { ca, insecure } = options;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new InvalidOptionError(`${name} scheme`, `${JSON.stringify(scheme)} is not 'http' or 'https'`);
  }
  if (insecure !== undefined && typeof insecure !== 'boolean') {
    throw new InvalidOptionError(`${name} insecure`, `must be true or false, got ${JSON.stringify(insecure)}`);
  }
  if (ca !== undefined) {
    const text = typeof ca === 'string' ? ca : Buffer.isBuffer(ca) ? ca.toString('utf8') : undefined;
    if (text === undefined || !text.includes(PEM_CERTIFICATE)) {
      throw new InvalidOptionError(
        `${name} ca`,
        `must be PEM certificate text (a string or Buffer containing "${PEM_CERTIFICATE}"), e.g. the contents of ca.pem`,
      );
    }
    if (insecure) {
      throw new InvalidOptionError(
        `${name} insecure`,
        'give either `ca` (verify the server against this CA) or `insecure: true` (do not verify it), not both',
      );
    }
  }
  const wantsTls = ca !== undefined || insecure === true;
  if (wantsTls && scheme === 'http') {
    throw new InvalidOptionError(
      `${name} scheme`,
      `'http' has no TLS, so \`${ca !== undefined ? 'ca' : 'insecure'}\` would do nothing: use scheme 'https' (or leave it out)`,
    );
  }
  const resolved = scheme ?? (wantsTls ? 'https' : 'http');
  if (!wantsTls) return { scheme: resolved, connect: undefined };
  return { scheme: resolved, connect: ca !== undefined ? { ca } : { rejectUnauthorized: false } };
}

/** Node's codes for a server certificate that could not be verified. */
const CERTIFICATE_CODES =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/**
 * A failed request's error as one line, with what to do when it is about
 * TLS: an untrusted certificate, a name mismatch, or plain HTTP on the port.
 */
export function explainRequestError(error: unknown, trust: TlsTrustOptions): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CERTIFICATE_CODES.test(code)) {
    const hint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'the certificate does not name the host connected to'
        : trust.ca !== undefined
          ? 'the given `ca` does not verify it'
          : 'pass the CA that signed it as `ca`, or `insecure: true` to skip the check';
    return `TLS: the server's certificate was rejected: ${message} (${code}); ${hint}`;
  }
  if (typeof code === 'string' && /WRONG_VERSION_NUMBER|ERR_SSL_/.test(code)) {
    return `TLS: ${message} (${code}); is the port serving plain HTTP? Then use scheme 'http'`;
  }
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
