import { assertKnownKeys, assertValidName } from './validation.js';

export interface NetworkOptions {
  /** @default 'bridge' */
  readonly driver?: string;
  /** No route to the outside world. @default false */
  readonly internal?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** What `setup()` needs from a helper (`DockerHelper` is one). */
export interface NetworkHost {
  setupNetwork(definition: NetworkDefinition): Promise<Network>;
}

/** A network to create: containers that list it join it, with aliases. */
export class NetworkDefinition {
  readonly name: string;
  readonly options: NetworkOptions;

  constructor(name: string, options: NetworkOptions = {}) {
    assertValidName('network name', name);
    assertKnownKeys(name, options, ['driver', 'internal', 'labels']);
    this.name = name;
    this.options = options;
  }

  /** Create it in `helper` (idempotent: a second call returns the same network). */
  setup(helper: NetworkHost): Promise<Network> {
    return helper.setupNetwork(this);
  }
}

/** A live network. */
export class Network {
  constructor(
    readonly definition: NetworkDefinition,
    /** Engine id. */
    readonly id: string,
    /** Full name on the engine: `<namespace>_<definition name>`. */
    readonly name: string,
    private readonly remove: () => Promise<void>,
  ) {}

  /** Remove it. Idempotent; tolerates it being gone already. */
  teardown(): Promise<void> {
    return this.remove();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}
