// Run inside a fresh project where the packed seaworthy is installed without
// its optional peers: setup() of a Postgres definition (ES module build) and
// of a Kafka definition (CommonJS build) must fail with MissingPeerDependencyError.
import { createRequire } from 'node:module';
import { DockerHelper, MissingPeerDependencyError } from 'seaworthy';
import { PostgresDefinition } from 'seaworthy/postgres';

const require = createRequire(import.meta.url);
const { KafkaDefinition } = require('seaworthy/kafka');

async function attempt(definition) {
  try {
    await definition.setup(helper);
    return { started: true };
  } catch (error) {
    return {
      name: error?.name,
      code: error?.code,
      packageName: error?.packageName,
      feature: error?.feature,
      typed: error instanceof MissingPeerDependencyError,
      message: String(error?.message ?? error),
    };
  }
}

const helper = await DockerHelper.create();
let report;
try {
  report = {
    postgres: await attempt(new PostgresDefinition()),
    kafka: await attempt(new KafkaDefinition()),
  };
} finally {
  await helper.teardown();
}
console.log(JSON.stringify(report));
