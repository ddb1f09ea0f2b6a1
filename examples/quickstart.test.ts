// The README's quick start, kept runnable: `npm run examples`.

import { ContainerDefinition, DockerHelper, waitFor } from 'seaworthy';
import { afterAll, expect, test } from 'vitest';

const helper = await DockerHelper.create();
afterAll(() => helper.teardown());

const web = new ContainerDefinition('web', {
  image: 'seaworthy-fixture/httpd:latest', // any image: e.g. 'nginx:1.27' with port 80
  ports: [8080],
  wait: waitFor.http({ port: 8080, path: '/health.json' }),
});

test('the web server answers', async () => {
  const container = await web.setup(helper);
  const response = await fetch(`${container.baseUrl(8080)}/health.json`);
  expect(await response.json()).toEqual({ status: 'ok' });
  expect(container.output.lines().map((l) => l.text)).toContain('httpd listening on 8080');
});
