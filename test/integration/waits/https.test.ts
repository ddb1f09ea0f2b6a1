import { beforeAll, describe, expect, it } from 'vitest';
import { type Container, ContainerDefinition, httpClient, WaitTimeoutError, waitFor } from '../../../src/index.js';
import { useFileHelper } from '../../support/helper.js';

/** fixtures/images/https: makes a CA at start, writes it to /certs/ca.pem, serves HTTPS on 8443. */
const HTTPS_IMAGE = 'seaworthy-fixture/https:latest';

const file = useFileHelper();

function httpsServer(name: string, readyAfterSeconds: number) {
  return new ContainerDefinition(name, {
    image: HTTPS_IMAGE,
    ports: [8443],
    env: { READY_AFTER: String(readyAfterSeconds) },
    wait: waitFor.logLine('serving https on 8443'),
    startupTimeoutMs: 60_000,
  });
}

async function readFile(container: Container, path: string): Promise<string> {
  const result = await container.exec(['cat', path]);
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

async function waitError(container: Container, strategy: ReturnType<typeof waitFor.http>): Promise<WaitTimeoutError> {
  const error = await container.waitFor(strategy, { timeoutMs: 4_000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  return error as WaitTimeoutError;
}

describe('HTTPS waits', () => {
  it("waits through 503s until 200, trusting the container's own CA", async () => {
    const server = await httpsServer('tls-slow', 3).setup(file.helper);
    const ca = await readFile(server, '/certs/ca.pem');
    expect(ca).toContain('-----BEGIN CERTIFICATE-----');
    await server.waitFor(waitFor.http({ port: 8443, path: '/ready', ca, status: 200 }), { timeoutMs: 60_000 });
    // The server answered 503 before it answered 200, and the wait kept asking. Its access log
    // reaches us through the engine, after the answer itself: wait for the 200 line, not just look.
    await server.waitFor(waitFor.logLine('GET /ready HTTP/1.1" 200'), { timeoutMs: 30_000 });
    const logged = server.output.lines().map((l) => l.text);
    expect(logged.some((l) => l.includes('GET /ready HTTP/1.1" 503'))).toBe(true);
    // httpClient() takes the same CA for the test's own requests.
    const client = httpClient(server, 8443, { ca });
    expect(client.baseUrl).toMatch(/^https:/);
    expect((await client.get('/ready')).text).toBe('ready');
    await server.teardown();
  });

  it('passes a setup() wait with insecure: true, then fails without a CA, naming the certificate problem', async () => {
    const server = await new ContainerDefinition('tls-self-signed', {
      image: HTTPS_IMAGE,
      ports: [8443],
      env: { READY_AFTER: '1' },
      wait: waitFor.http({ port: 8443, path: '/ready', insecure: true }),
      startupTimeoutMs: 60_000,
    }).setup(file.helper);

    const untrusted = await waitError(server, waitFor.http({ port: 8443, scheme: 'https' }));
    expect(untrusted.message).toContain("TLS: the server's certificate was rejected");
    expect(untrusted.message).toContain('pass the CA that signed it as `ca`, or `insecure: true`');

    // The server's own certificate is not a CA: with it as `ca` the chain still does not verify.
    const leaf = await readFile(server, '/certs/server.pem');
    const wrongCa = await waitError(server, waitFor.http({ port: 8443, ca: leaf }));
    expect(wrongCa.message).toContain('the given `ca` does not verify it');
    await server.teardown();
  });
});

describe('HTTP wait requests: method, headers, body, basic auth', () => {
  let server: Container;
  beforeAll(async () => {
    server = await httpsServer('tls-requests', 0).setup(file.helper);
  });

  it('sends basic auth: right credentials pass, wrong ones time out showing the 401', async () => {
    await server.waitFor(
      waitFor.http({ port: 8443, path: '/secret', insecure: true, auth: { username: 'admin', password: 's3cret' } }),
      { timeoutMs: 30_000 },
    );
    const wrong = await waitError(
      server,
      waitFor.http({ port: 8443, path: '/secret', insecure: true, auth: { username: 'admin', password: 'nope' } }),
    );
    expect(wrong.message).toContain('last answer: HTTP 401 who are you?');
    const none = await waitError(server, waitFor.http({ port: 8443, path: '/secret', insecure: true }));
    expect(none.message).toContain('HTTP 401');
  });

  it('sends a POST with a body and a header that the server checks', async () => {
    const ca = await readFile(server, '/certs/ca.pem');
    await server.waitFor(
      waitFor.http({
        port: 8443,
        path: '/submit',
        ca,
        method: 'POST',
        headers: { 'X-Seaworthy-Key': 'k-123', 'content-type': 'application/json' },
        body: '{"ping":true}',
        status: 201,
        predicate: (answer) => answer.body === 'accepted',
      }),
      { timeoutMs: 30_000 },
    );
    const wrongBody = await waitError(
      server,
      waitFor.http({
        port: 8443,
        path: '/submit',
        ca,
        method: 'POST',
        headers: { 'X-Seaworthy-Key': 'k-123' },
        body: Buffer.from('{"ping":false}'),
        status: 201,
      }),
    );
    expect(wrongBody.message).toContain('last answer: HTTP 400 unexpected body');
    const noHeader = await waitError(
      server,
      waitFor.http({ port: 8443, path: '/submit', ca, method: 'POST', body: '{"ping":true}', status: 201 }),
    );
    expect(noHeader.message).toContain('last answer: HTTP 400 missing or wrong X-Seaworthy-Key');
  });

  it('sends the method, headers and body as given (the server echoes them)', async () => {
    let echoed: { method: string; headers: Record<string, string>; body: string } | undefined;
    await server.waitFor(
      waitFor.http({
        port: 8443,
        path: '/echo',
        insecure: true,
        method: 'PUT',
        headers: { 'X-Trace': 'abc' },
        body: 'payload',
        predicate: (answer) => {
          echoed = JSON.parse(answer.body);
          return true;
        },
      }),
      { timeoutMs: 30_000 },
    );
    expect(echoed?.method).toBe('PUT');
    expect(echoed?.headers['x-trace']).toBe('abc');
    expect(echoed?.body).toBe('payload');
  });
});
