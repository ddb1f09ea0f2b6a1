import { ContainerDefinition, waitFor } from 'seaworthy';

/** Redis, ready once it accepts connections. */
export const db = new ContainerDefinition('db', {
  image: 'seaworthy-fixture/example-db:latest',
  wait: waitFor.logLine('Ready to accept connections'),
});

/** The app: reaches Redis at `db:6379` (the db container's alias on the shared network). */
export const web = new ContainerDefinition('web', {
  image: 'seaworthy-fixture/example-web:latest',
  env: { DB_HOST: 'db', WORKERS: '2' },
  ports: [8000],
  // Ready when both workers serve, not just when the master is up.
  wait: waitFor.logLines([/web: worker 1 .* started/, /web: worker 2 .* started/], { ordered: false }),
});

/** nginx in front of `web`; published on a free port of 127.0.0.1. */
export const proxy = new ContainerDefinition('proxy', {
  image: 'seaworthy-fixture/example-proxy:latest',
  ports: [8080],
  wait: waitFor.http({ port: 8080, path: '/health' }),
});
