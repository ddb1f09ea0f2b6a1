import { InvalidOptionError } from '../../errors/index.js';

/**
 * The image a prebuilt definition uses when its `image` option is not given:
 * `SEAWORTHY_<SERVICE>_IMAGE` from the environment if set (a registry
 * mirror, a pinned tag, a local build), else the official image.
 */
export function defaultImage(service: string, official: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = `SEAWORTHY_${service.toUpperCase()}_IMAGE`;
  const value = env[variable];
  if (value === undefined) return official;
  if (value.trim() === '') {
    throw new InvalidOptionError(variable, `is set but empty; unset it to use ${official}, or name an image`);
  }
  return value.trim();
}
