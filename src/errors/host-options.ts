import { SeaworthyError } from './base.js';

/**
 * The image is on the engine, but not for the platform the container's
 * `platform` option asked for (an arm64 variant of an amd64-only image, say).
 */
export class ImagePlatformMismatchError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_PLATFORM_MISMATCH';
  /** The container definition's name. */
  readonly container: string;
  readonly image: string;
  /** The platform asked for, e.g. `linux/arm64`. */
  readonly platform: string;
  /** The platform of the image the engine has, when the engine said, e.g. `linux/amd64`. */
  readonly actual: string | undefined;

  constructor(container: string, image: string, platform: string, actual: string | undefined, cause?: unknown) {
    super(
      'SEAWORTHY_IMAGE_PLATFORM_MISMATCH',
      `container '${container}': image '${image}' is on the engine${actual ? ` for ${actual}` : ''}, not for the ` +
        `platform ${platform} its \`platform\` option asks for. Build or pull the image for ${platform} ` +
        `(e.g. \`docker pull --platform ${platform} ${image}\`), or leave \`platform\` out to use the image the engine has.`,
      { cause },
    );
    this.container = container;
    this.image = image;
    this.platform = platform;
    this.actual = actual;
  }
}

/**
 * The engine could not give a container the capabilities it asked for
 * (`privileged`, or `capAdd` with `ALL` or `SYS_RESOURCE`): the engine itself
 * runs without some of them, as in a sandboxed, nested or rootless engine,
 * and runc refuses with "unable to apply caps". The container is removed.
 */
export class CapabilitiesRefusedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CAPABILITIES_REFUSED';
  /** The container definition's name. */
  readonly container: string;
  /** What the container asked for, e.g. `privileged: true` or `capAdd: CAP_SYS_RESOURCE`. */
  readonly requested: string;

  constructor(container: string, requested: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_CAPABILITIES_REFUSED',
      `container '${container}' asked for ${requested}, but the engine could not apply those capabilities (${detail}). ` +
        'The engine runs without some capabilities itself (a sandboxed, nested or rootless engine; commonly ' +
        "CAP_SYS_RESOURCE). Ask only for what the engine has: instead of privileged, capAdd: ['ALL'] with " +
        "capDrop: ['SYS_RESOURCE'] (docs/host-options.md, Docker-in-Docker).",
      { cause },
    );
    this.container = container;
    this.requested = requested;
  }
}
