import type { EngineClient, VolumeInfo } from '../../engine/client.js';
import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { assertKnownKeys, assertStringRecord, assertValidName } from './validation.js';

export type { VolumeInfo } from '../../engine/client.js';

export interface VolumeOptions {
  /** @default 'local' */
  readonly driver?: string;
  /**
   * Driver options. For the `local` driver, `{ type: 'tmpfs', device: 'tmpfs', o: 'size=10m' }`
   * makes a volume that lives in memory.
   */
  readonly driverOptions?: Readonly<Record<string, string>>;
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
    assertKnownKeys(name, options, ['driver', 'driverOptions', 'labels']);
    if (options.driver !== undefined && (typeof options.driver !== 'string' || options.driver === '')) {
      throw new InvalidOptionError(`${name}.driver`, `${describeValue(options.driver)} is not a driver name`);
    }
    assertStringRecord(`${name}.driverOptions`, options.driverOptions);
    assertStringRecord(`${name}.labels`, options.labels);
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
    private readonly engine: Pick<EngineClient, 'inspectVolume'>,
  ) {}

  /** What the engine says about it now: driver, mountpoint, driver options, labels, creation time. */
  inspect(): Promise<VolumeInfo> {
    return this.engine.inspectVolume(this.name);
  }

  /** Remove it. Idempotent; tolerates it being gone already. */
  teardown(): Promise<void> {
    return this.remove();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}
