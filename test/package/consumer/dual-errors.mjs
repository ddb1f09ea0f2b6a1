// Loads both builds of the package in one process: the ESM build through
// `import`, the CommonJS build through `require` (createRequire). Errors
// thrown by one are checked with `instanceof` against the other's classes.
import { createRequire } from 'node:module';
import * as esm from 'seaworthy';

const cjs = createRequire(import.meta.url)('seaworthy');

async function caught(action) {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to fail');
}

/** How an error relates to each build's classes. */
function relation(error, [esmClass, cjsClass]) {
  return {
    name: error.name,
    code: error.code,
    sameClassEsm: error instanceof esmClass,
    sameClassCjs: error instanceof cjsClass,
    baseEsm: error instanceof esm.SeaworthyError,
    baseCjs: error instanceof cjs.SeaworthyError,
    exitedEsm: error instanceof esm.ContainerExitedError,
    exitedCjs: error instanceof cjs.ContainerExitedError,
  };
}

const helper = await cjs.DockerHelper.create();
try {
  const slow = new cjs.ContainerDefinition('dual-slow', {
    image: 'seaworthy-fixture/logger:latest',
    wait: cjs.waitFor.logLine('a line it never writes', { timeoutMs: 1_500 }),
  });
  const gone = await new cjs.ContainerDefinition('dual-gone', { image: 'seaworthy-fixture/logger:latest' }).setup(
    helper,
  );
  await gone.teardown();
  const report = {
    distinctBuilds: esm.SeaworthyError !== cjs.SeaworthyError,
    // Thrown by the CommonJS build.
    waitTimeout: relation(await caught(() => slow.setup(helper)), [esm.WaitTimeoutError, cjs.WaitTimeoutError]),
    invalidOption: relation(await caught(() => new cjs.ContainerDefinition('x', { image: 42 })), [
      esm.InvalidOptionError,
      cjs.InvalidOptionError,
    ]),
    engineUnavailable: relation(
      await caught(() => cjs.DockerHelper.create({ env: { DOCKER_HOST: 'unix:///nonexistent.sock' } })),
      [esm.EngineUnavailableError, cjs.EngineUnavailableError],
    ),
    containerRemoved: relation(await caught(() => gone.exec(['true'])), [
      esm.ContainerRemovedError,
      cjs.ContainerRemovedError,
    ]),
    // Thrown by the ESM build.
    esmInvalidOption: relation(await caught(() => new esm.ContainerDefinition('x', { image: 42 })), [
      esm.InvalidOptionError,
      cjs.InvalidOptionError,
    ]),
    plainError: {
      baseEsm: new Error('x') instanceof esm.SeaworthyError,
      baseCjs: new Error('x') instanceof cjs.SeaworthyError,
    },
  };
  console.log(JSON.stringify(report));
} finally {
  await helper.teardown();
}
