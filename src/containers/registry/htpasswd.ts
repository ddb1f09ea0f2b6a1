import { InvalidOptionError } from '../../errors/index.js';

/** A username and password for a registry's basic (htpasswd) login. */
export interface RegistryLogin {
  readonly username: string;
  readonly password: string;
}

/**
 * bcrypt's cost for the throwaway registry's htpasswd file. The registry
 * checks the hash on every request of a push, so a low cost keeps pushes
 * fast; 5 is one above the lowest Go's bcrypt accepts.
 */
const COST = 5;

/** Check `auth` (`option` is its path in messages); returns it. */
export function checkLogin(option: string, auth: unknown): RegistryLogin {
  if (typeof auth !== 'object' || auth === null) {
    throw new InvalidOptionError(option, 'must be { username, password }');
  }
  const { username, password } = auth as Record<string, unknown>;
  if (typeof username !== 'string' || username === '' || /[:\s]/.test(username)) {
    throw new InvalidOptionError(
      `${option}.username`,
      `${JSON.stringify(username)} must be a non-empty string with no ':' and no spaces (an htpasswd user name)`,
    );
  }
  if (typeof password !== 'string' || password === '' || /[\r\n]/.test(password)) {
    throw new InvalidOptionError(`${option}.password`, 'must be a non-empty string on one line');
  }
  return { username, password };
}

/** The htpasswd file for one login: `user:<bcrypt hash>`, the only hash the registry accepts. */
export async function htpasswdFile(login: RegistryLogin): Promise<string> {
  // ESM build: named exports and a default; CommonJS build: the UMD file, through esbuild's interop.
  type Hash = (password: string, rounds: number) => Promise<string>;
  const loaded = (await import('bcryptjs')) as unknown as { hash?: Hash; default?: { hash: Hash } };
  const hash = loaded.hash ?? loaded.default?.hash;
  if (!hash) throw new Error('bcryptjs loaded without a hash() function');
  return `${login.username}:${await hash(login.password, COST)}\n`;
}
