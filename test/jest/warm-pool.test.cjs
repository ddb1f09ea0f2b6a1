// The Jest adapter with a pooled test-scoped container: every test gets a
// brand-new one, taken from spares started while earlier tests ran.
const { ContainerDefinition, waitFor } = require('seaworthy');
const { LABELS } = require('seaworthy/tools');
const { container, useContainers } = require('seaworthy/jest');

process.env.SEAWORTHY_PULL = 'never';

const containers = useContainers({
  box: container(
    new ContainerDefinition('pooled-box', { image: 'seaworthy-fixture/logger:latest', wait: waitFor.logLine('ready') }),
    { pool: 2 },
  ),
});

const seen = [];

describe('useContainers with container(definition, { pool: 2 })', () => {
  for (const round of [1, 2, 3]) {
    test(`round ${round}: a brand-new container without the previous test's state`, async () => {
      const { box } = containers;
      seen.push(box.id);
      expect(box.definition.name).toMatch(/^pooled-box-p\d+$/);
      expect(await box.exec(['sh', '-c', 'cat /tmp/state 2>/dev/null || echo clean'])).toHaveStdout('clean');
      expect(await box.exec(['sh', '-c', 'echo dirty > /tmp/state'])).toHaveExitCode(0);
    });
  }

  test('each test had its own container; the spares are there, started by the same helper', async () => {
    expect(new Set(seen).size).toBe(3);
    const { docker } = containers;
    const listed = await docker.engine.listByLabel(`${LABELS.namespace}=${docker.namespace}`);
    // This test's own container plus at least the two spares (removed earlier ones may still be going).
    const others = listed.containers.filter((id) => !seen.includes(id));
    expect(others.length).toBeGreaterThanOrEqual(2);
  });
});
