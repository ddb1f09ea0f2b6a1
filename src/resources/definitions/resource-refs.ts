/**
 * What container options need of the things they refer to, as small
 * structural interfaces: options never import the definition or handle
 * classes, so the option types stay a leaf of the dependency graph.
 * `NetworkDefinition`, `VolumeDefinition`, `ImageDefinition` and `Container` satisfy them.
 */

/** A network to create in the helper: a `NetworkDefinition`. */
export interface NetworkSource {
  readonly name: string;
  /** Create it in the helper (idempotent), as `NetworkDefinition.setup()` does. */
  setup(helper: object): Promise<{ readonly id: string; readonly name: string }>;
}

/** A volume to create in the helper: a `VolumeDefinition`. */
export interface VolumeSource {
  readonly name: string;
  /** Create it in the helper (idempotent), as `VolumeDefinition.setup()` does. */
  setup(helper: object): Promise<{ readonly name: string }>;
}

/** An image to build in the helper: an `ImageDefinition` (images, issue 14). */
export interface ImageSource {
  readonly name: string;
  /** Build it in the helper, or find it in the cache (idempotent), as `ImageDefinition.setup()` does. */
  setup(helper: object): Promise<{ readonly reference: string }>;
}

/** A started container: the handle `setup()` returned. */
export interface StartedContainerRef {
  /** Engine id. */
  readonly id: string;
}
