import type { ComposeModel, ComposeNetwork, ComposeService } from '../../../../src/compose.js';

/** A compose service as the loader would make it, with every field at its default. */
export function service(name: string, fields: Partial<ComposeService>): ComposeService {
  return {
    name,
    environment: {},
    ports: [],
    expose: [],
    mounts: [],
    volumesFrom: [],
    dependsOn: {},
    networks: fields.networkMode ? {} : { default: { aliases: [] } },
    labels: {},
    replicas: 1,
    profiles: [],
    host: {},
    ...fields,
  };
}

export function network(key: string): ComposeNetwork {
  return {
    key,
    external: false,
    driverOpts: {},
    internal: false,
    attachable: false,
    enableIpv6: false,
    labels: {},
  };
}

/** A model from services, with the `default` network. */
export function model(services: ComposeService[], extra: Partial<ComposeModel> = {}): ComposeModel {
  return {
    name: 'handmade',
    files: ['/nowhere/compose.yaml'],
    projectDirectory: '/nowhere',
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: { default: network('default') },
    volumes: {},
    ...extra,
  };
}
