import { ContainerDefinition, waitFor } from '../../src/index.js';
import { fixtureImage } from './helper.js';

/** The example app's three tiers (fixtures/images/example-*), as definitions. */
export const exampleDb = new ContainerDefinition('db', {
  image: fixtureImage('example-db'),
  wait: waitFor.logLine('Ready to accept connections'),
});

export const exampleWeb = new ContainerDefinition('web', {
  image: fixtureImage('example-web'),
  ports: [8000],
  wait: waitFor.logLines([/web: worker 1 .* started/, /web: worker 2 .* started/], { ordered: false }),
});
