import { InvalidOptionError } from '../errors/index.js';

/**
 * The sidecar image when neither the `image` option nor SEAWORTHY_NETEM_IMAGE
 * names one: a local tag you build once from the netem Dockerfile
 * (docs/faults.md). No registry holds it, so it is never pulled.
 */
export const DEFAULT_NETEM_IMAGE = 'seaworthy-netem:latest';

/** The variable that names the sidecar image, like the services' SEAWORTHY_<SERVICE>_IMAGE. */
export const NETEM_IMAGE_VARIABLE = 'SEAWORTHY_NETEM_IMAGE';

/** The sidecar image: the option, else SEAWORTHY_NETEM_IMAGE, else {@link DEFAULT_NETEM_IMAGE}. */
export function netemImage(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { readonly image: string; readonly isDefault: boolean } {
  if (option !== undefined) {
    if (typeof option !== 'string' || option.trim() === '') {
      throw new InvalidOptionError('faults.image', `${JSON.stringify(option)} is not an image name`);
    }
    return { image: option.trim(), isDefault: false };
  }
  const value = env[NETEM_IMAGE_VARIABLE];
  if (value === undefined) return { image: DEFAULT_NETEM_IMAGE, isDefault: true };
  if (value.trim() === '') {
    throw new InvalidOptionError(
      NETEM_IMAGE_VARIABLE,
      `is set but empty; unset it to use ${DEFAULT_NETEM_IMAGE}, or name an image`,
    );
  }
  return { image: value.trim(), isDefault: false };
}
