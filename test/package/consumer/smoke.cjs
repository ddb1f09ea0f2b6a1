// Loaded as CommonJS through the package's "require" export.
const { ContainerDefinition, DockerHelper, SeaworthyError, waitFor } = require('seaworthy');

(async () => {
  const helper = await DockerHelper.create();
  try {
    const logger = await new ContainerDefinition('cjs', {
      image: 'seaworthy-fixture/logger:latest',
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    const { stdout } = await logger.exec(['echo', 'from cjs']);
    console.log(JSON.stringify({ format: 'cjs', stdout, errorBase: typeof SeaworthyError }));
  } finally {
    await helper.teardown();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
