import { ContainerDefinition, waitFor } from '../../../src/index.js';
import { runScope } from '../../../src/vitest/index.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Base URL of the run-scoped httpd container. */
    runHttpdUrl: string;
    /** Its engine id, to check it is the same container in every file. */
    runHttpdId: string;
  }
}

const shared = new ContainerDefinition('run-httpd', {
  image: 'seaworthy-fixture/httpd:latest',
  ports: [8080],
  wait: waitFor.http({ port: 8080, path: '/health.json' }),
});

export default runScope({ httpd: shared }, ({ httpd }) => ({
  runHttpdUrl: httpd.baseUrl(8080),
  runHttpdId: httpd.id,
}));
