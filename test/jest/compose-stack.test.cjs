// The composeStack() fixture in Jest: a file-scoped compose stack from a
// compose file, each service a Container the Jest matchers take.
const { join } = require('node:path');
const { waitFor } = require('seaworthy');
const { composeStack, useContainers } = require('seaworthy/jest');

process.env.SEAWORTHY_PULL = 'never';

const file = join(__dirname, '..', 'integration', 'compose', 'stacks', 'fixture', 'compose.yaml');
const seen = [];

const fixtures = useContainers({
  app: composeStack(file, { waits: { web: waitFor.http({ port: 8080, path: '/health.json' }) } }),
});

describe('composeStack() with useContainers', () => {
  for (const round of [1, 2]) {
    test(`round ${round}: the file-scoped stack is shared and its services answer`, async () => {
      const { app } = fixtures;
      seen.push(app.service('web').id);
      const answer = await fetch(`${app.service('web').baseUrl(8080)}/health.json`);
      expect(answer.status).toBe(200);
      const result = await app.service('client').exec(['sh', '-c', 'echo from-client']);
      expect(result).toHaveStdout('from-client');
      expect(app.services).toEqual(['web', 'client']);
    });
  }

  test('one stack for the file', () => {
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(1);
  });
});
