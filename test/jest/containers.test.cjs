// The Jest adapter against the real engine: file- and test-scoped containers,
// a clean fixture, and the matchers. Runs with `npx jest` (see jest.config.cjs).
const { ContainerDefinition, httpClient, waitFor } = require('seaworthy');
const { cleanContainer, container, useContainers } = require('seaworthy/jest');

process.env.SEAWORTHY_PULL = 'never';

const httpd = (name) =>
  new ContainerDefinition(name, {
    image: 'seaworthy-fixture/httpd:latest',
    ports: [8080],
    wait: waitFor.http({ port: 8080, path: '/health.json' }),
  });

const seen = { perTest: [], perFile: [], scratch: [] };

const containers = useContainers({
  perFile: container(httpd('per-file'), { scope: 'file' }),
  perTest: container(httpd('per-test'), { scope: 'test' }),
  scratch: cleanContainer(httpd('scratch'), {
    clean: async (c) => {
      await c.exec(['rm', '-f', '/tmp/state']);
    },
  }),
});

describe('useContainers', () => {
  for (const round of [1, 2]) {
    test(`round ${round}: file-scoped is shared, test-scoped is new, clean state is reset`, async () => {
      const { perFile, perTest, scratch } = containers;
      seen.perFile.push(perFile.id);
      seen.perTest.push(perTest.id);
      seen.scratch.push(scratch.id);
      const state = await scratch.exec(['sh', '-c', 'cat /tmp/state 2>/dev/null || echo none']);
      expect(state).toHaveStdout('none');
      await scratch.exec(['sh', '-c', 'echo dirty > /tmp/state']);
    });
  }

  test('ids show the scopes', () => {
    expect(new Set(seen.perFile).size).toBe(1);
    expect(new Set(seen.perTest).size).toBe(2);
    expect(new Set(seen.scratch).size).toBe(1);
  });

  test('matchers are installed on Jest expect', async () => {
    const { perFile } = containers;
    const response = await httpClient(perFile, 8080).get('/health.json');
    expect(response).toHaveStatus(200);
    expect(response).toHaveJsonBody({ status: 'ok' });
    await expect(perFile).toHaveLoggedLine('httpd listening on 8080');
    await expect(perFile).toHaveFile('/www/index.html', { owner: 'root' });
    await expect(expect(perFile).toHaveLoggedLine('never logged')).rejects.toThrow(/✗ "never logged"/);
  });

  test('the helper is the one that owns the containers', () => {
    expect(containers.perFile.name.startsWith(containers.docker.namespace)).toBe(true);
  });
});
