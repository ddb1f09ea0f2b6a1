/**
 * Run by debug-output.test.ts in a child process with DEBUG set: starts one
 * container whose env holds secrets (given on argv), waits for it, runs a
 * command with a secret in its env, and tears everything down. Prints its
 * helper's namespace as one JSON line on stdout; debug output goes to stderr.
 */
import { ContainerDefinition, DockerHelper, waitFor } from '../../../src/index.js';

const [password = '', urlPassword = '', token = ''] = process.argv.slice(2);

const helper = await DockerHelper.create();
process.stdout.write(`${JSON.stringify({ namespace: helper.namespace })}\n`);
try {
  const web = await new ContainerDefinition('web', {
    image: 'seaworthy-fixture/httpd:latest',
    env: {
      START_DELAY: '1',
      DB_PASSWORD: password,
      DATABASE_URL: `postgres://app:${urlPassword}@db.internal:5432/app`,
    },
    ports: [8080],
    wait: waitFor.port(8080),
  }).setup(helper);
  await web.exec(['sh', '-c', 'test -n "$API_TOKEN"'], { env: { API_TOKEN: token } });
  await web.teardown();
} finally {
  await helper.teardown();
}
