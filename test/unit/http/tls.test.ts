import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { explainRequestError, tlsTrust } from '../../../src/http/tls.js';
import { http } from '../../../src/waits/http.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function problem(make: () => unknown): InvalidOptionError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('tlsTrust()', () => {
  it('uses https when a CA or insecure is given and no scheme is', () => {
    expect(tlsTrust('w', undefined, { ca: CA })).toEqual({ scheme: 'https', connect: { ca: CA } });
    expect(tlsTrust('w', undefined, { insecure: true })).toEqual({
      scheme: 'https',
      connect: { rejectUnauthorized: false },
    });
    expect(tlsTrust('w', undefined, {})).toEqual({ scheme: 'http', connect: undefined });
    expect(tlsTrust('w', 'https', { insecure: false })).toEqual({ scheme: 'https', connect: undefined });
    expect(tlsTrust('w', 'https', { ca: Buffer.from(CA) }).connect?.ca).toBeInstanceOf(Buffer);
  });

  it('rejects ca with insecure, TLS options on http, a bad scheme and a CA that is not PEM', () => {
    expect(problem(() => tlsTrust('w', undefined, { ca: CA, insecure: true })).message).toContain('not both');
    expect(problem(() => tlsTrust('w', 'http', { ca: CA })).option).toBe('w scheme');
    expect(problem(() => tlsTrust('w', 'http', { insecure: true })).message).toContain('`insecure` would do nothing');
    expect(problem(() => tlsTrust('w', 'ftp', {})).option).toBe('w scheme');
    expect(problem(() => tlsTrust('w', undefined, { ca: '/certs/ca.pem' })).option).toBe('w ca');
    expect(problem(() => tlsTrust('w', undefined, { ca: 42 as never })).option).toBe('w ca');
    expect(problem(() => tlsTrust('w', undefined, { insecure: 'yes' as never })).option).toBe('w insecure');
  });
});

describe('waitFor.http() validates up front', () => {
  it('throws InvalidOptionError when the strategy is made, before any container', () => {
    expect(problem(() => http({ port: 8443, ca: CA, insecure: true })).option).toBe('waitFor.http insecure');
    expect(problem(() => http({ port: 8443, method: 'FETCH' as never })).option).toBe('waitFor.http method');
    expect(problem(() => http({ port: 8443, body: 'x' })).option).toBe('waitFor.http body');
    expect(problem(() => http({ port: 80, scheme: 'http', ca: CA })).option).toBe('waitFor.http scheme');
  });

  it('says https in its description', () => {
    expect(http({ port: 8443, insecure: true, path: '/ready' }).description).toBe(
      'HTTP 2xx from GET :8443/ready over https',
    );
    expect(http({ port: 80 }).description).toBe('HTTP 2xx from GET :80/');
  });
});

describe('explainRequestError()', () => {
  const tlsError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('says what to do about an untrusted certificate', () => {
    const text = explainRequestError(
      tlsError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      {},
    );
    expect(text).toBe(
      "TLS: the server's certificate was rejected: unable to verify the first certificate " +
        '(UNABLE_TO_VERIFY_LEAF_SIGNATURE); pass the CA that signed it as `ca`, or `insecure: true` to skip the check',
    );
    expect(explainRequestError(tlsError('SELF_SIGNED_CERT_IN_CHAIN', 'x'), { ca: CA })).toContain(
      'the given `ca` does not verify it',
    );
    expect(explainRequestError(tlsError('ERR_TLS_CERT_ALTNAME_INVALID', 'x'), {})).toContain('does not name the host');
  });

  it('hints at plain HTTP, and otherwise keeps the message and code', () => {
    expect(explainRequestError(tlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), {})).toContain(
      "use scheme 'http'",
    );
    expect(explainRequestError(tlsError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), {})).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(explainRequestError(tlsError('UND_ERR_SOCKET', 'other side closed'), {})).toBe(
      'other side closed (UND_ERR_SOCKET)',
    );
  });
});
