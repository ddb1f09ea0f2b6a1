import { assertKnownKeys, assertValidName } from './validation.js';

export interface VolumeOptions {
  /** @default 'local' */
  readonly driver?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** What `setup()` needs from a helper (`DockerHelper` is one). */
export interface VolumeHost {
  setupVolume(definition: VolumeDefinition): Promise<Volume>;
}

/** A named volume to create; containers mount it with `{ type: 'volume', source: definition, target }`. */
export class VolumeDefinition {
  readonly name: string;
  readonly options: VolumeOptions;

  constructor(name: string, options: VolumeOptions = {}) {
    assertValidName('volume name', name);
    assertKnownKeys(name, options, ['driver', 'labels']);
    this.name = name;
    this.options = options;
  }

  /** Create it in `helper` (idempotent: a second call returns the same volume). */
  setup(helper: VolumeHost): Promise<Volume> {
    return helper.setupVolume(this);
  }
}

/** A live volume. */
export class Volume {
  constructor(
    readonly definition: VolumeDefinition,
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
