// Loaded as ESM through the package's "import" export.
import { ContainerDefinition, DockerHelper, SeaworthyError, waitFor } from 'seaworthy';

const helper = await DockerHelper.create();
try {
  const logger = await new ContainerDefinition('esm', {
    image: 'seaworthy-fixture/logger:latest',
    wait: waitFor.logLine('ready'),
  }).setup(helper);
  const { stdout } = await logger.exec(['echo', 'from esm']);
  console.log(JSON.stringify({ format: 'esm', stdout, errorBase: typeof SeaworthyError }));
} finally {
  await helper.teardown();
}
