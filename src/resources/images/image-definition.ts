import { type ImageOptions, validateImageOptions } from './image-options.js';

export type { ImageOptions } from './image-options.js';

/** What `setup()` needs from a helper (`DockerHelper` is one). */
export interface ImageHost {
  setupImage(definition: ImageDefinition): Promise<Image>;
}

/**
 * An image to build from a context folder or a Dockerfile given as text
 * (docs/images.md). `setup(helper)` builds it, or finds it already built:
 * by default the image is cached under a tag made from a hash of everything
 * it is built from, so an unchanged image is found by one inspect.
 *
 * A `ContainerDefinition` takes it as its `image`; the container's setup
 * sets the image up first.
 */
export class ImageDefinition {
  readonly name: string;
  readonly options: ImageOptions;

  /**
   * Options are checked now; the context folder, the Dockerfile and the
   * target stage when set up, before the engine is asked anything.
   */
  constructor(name: string, options: ImageOptions) {
    validateImageOptions(name, options);
    this.name = name;
    this.options = options;
  }

  /** Build it (or find it in the cache) in `helper`. Idempotent per helper: concurrent calls share one build. */
  setup(helper: ImageHost): Promise<Image> {
    return helper.setupImage(this);
  }
}

/** What one setup of an {@link ImageDefinition} made or found. */
export interface ImageInit {
  /** The reference to run: `seaworthy-build/<name>:<hash prefix>`, or `…:<namespace>` with `cache: false`. */
  readonly reference: string;
  /** `sha256:…` */
  readonly id: string;
  /** Every reference the image was given: `reference` first, then the `tags` option's. */
  readonly tags: readonly string[];
  /** `false` when the image came from the cache. */
  readonly built: boolean;
  /** The full content hash (sha256 hex). */
  readonly hash: string;
}

/** A built (or cached) image. */
export class Image implements ImageInit {
  readonly reference: string;
  readonly id: string;
  readonly tags: readonly string[];
  readonly built: boolean;
  readonly hash: string;

  constructor(
    readonly definition: ImageDefinition,
    init: ImageInit,
    private readonly removeTags: () => Promise<void>,
  ) {
    this.reference = init.reference;
    this.id = init.id;
    this.tags = init.tags;
    this.built = init.built;
    this.hash = init.hash;
  }

  /**
   * Remove every tag this setup gave the image (the image goes with its last
   * tag); the next setup builds again. Not forced: an image a container
   * still uses stays, and the engine's refusal is thrown. Tags already gone are fine.
   */
  remove(): Promise<void> {
    return this.removeTags();
  }
}
