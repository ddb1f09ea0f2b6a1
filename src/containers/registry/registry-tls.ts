/** A throwaway CA and a server certificate it signed, PEM. */
export interface RegistryCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Make a CA and a server certificate for `names` (DNS names) plus
 * 127.0.0.1 and ::1, with `selfsigned` (loaded only when TLS is asked for).
 * EC P-256 keys: quick to make, and accepted by the registry (Go) and Node.
 * Valid from a day ago (a container clock a little behind still accepts it)
 * for 30 days.
 */
export async function makeRegistryCertificates(names: readonly string[]): Promise<RegistryCertificates> {
  // Loaded here, not at the top: most registries in tests are plain HTTP. A CommonJS
  // package: Node's ESM loader may offer its exports only on `default`.
  type Selfsigned = typeof import('selfsigned');
  const loaded = (await import('selfsigned')) as Partial<Selfsigned> & { default?: Selfsigned };
  const generate = loaded.generate ?? loaded.default?.generate;
  if (!generate) throw new Error('selfsigned loaded without a generate() function');
  const notBeforeDate = new Date(Date.now() - 24 * 3_600_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3_600_000);
  const common = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate } as const;
  const ca = await generate([{ name: 'commonName', value: 'seaworthy registry CA' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...new Set(['localhost', ...names])].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
