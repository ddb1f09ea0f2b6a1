// The README's quick start, kept runnable: `npm run examples`.

import { ContainerDefinition, httpClient, waitFor } from 'seaworthy';
import { container, withContainers } from 'seaworthy/vitest';
import { test as base, expect } from 'vitest';

const web = new ContainerDefinition('web', {
  image: 'seaworthy-fixture/httpd:latest', // any image: e.g. 'nginx:1.27' with port 80
  ports: [8080],
  wait: waitFor.http({ port: 8080, path: '/health.json' }),
});

// One container for the whole file, removed after its last test.
const test = withContainers(base, { web: container(web, { scope: 'file' }) });

test('the web server answers', async ({ web }) => {
  const response = await httpClient(web, 8080).get('/health.json');
  expect(response).toHaveStatus(200);
  expect(response).toHaveJsonBody({ status: 'ok' });
  await expect(web).toHaveLoggedLine('httpd listening on 8080');
});
