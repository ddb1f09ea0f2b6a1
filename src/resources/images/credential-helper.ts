import { spawn } from 'node:child_process';
import { CredentialHelperError, errorMessage } from '../../errors/index.js';

/** What a credential helper gave: a login, or an identity token (`Username` `<token>`). */
export interface HelperCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
}

/** Where the helper name came from: a registry's own entry must work; the default store may be absent. */
export type HelperSource = 'credHelpers' | 'credsStore';

/** Longest a helper may take (some ask a keychain or a cloud API). */
const HELPER_TIMEOUT_MS = 60_000;

/**
 * Run `docker-credential-<name> get` with the server address on stdin, as
 * Docker's client does, and read its JSON answer (`ServerURL`, `Username`,
 * `Secret`). Resolves `undefined` when it has no credentials for the server
 * (its "credentials not found" answer). Resolves `'missing'` when the program
 * is not on PATH (in `env.PATH`). Any other failure throws
 * {@link CredentialHelperError}.
 */
export async function runCredentialHelper(
  name: string,
  serverAddress: string,
  registry: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<HelperCredentials | undefined | 'missing'> {
  const program = `docker-credential-${name}`;
  const result = await run(program, serverAddress, env);
  if (result === 'missing') return 'missing';
  const { code, stdout, stderr } = result;
  if (code !== 0) {
    if (/credentials not found/i.test(`${stdout}${stderr}`)) return undefined;
    throw new CredentialHelperError(program, registry, `exit code ${code}: ${(stderr || stdout).trim()}`, file);
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch (error) {
    throw new CredentialHelperError(program, registry, `its answer is not JSON: ${stdout.slice(0, 200)}`, file, error);
  }
  const username = typeof answer.Username === 'string' ? answer.Username : undefined;
  const secret = typeof answer.Secret === 'string' ? answer.Secret : undefined;
  if (!secret) return undefined;
  return username === '<token>' || username === undefined || username === ''
    ? { identitytoken: secret }
    : { username, password: secret };
}

function run(
  program: string,
  input: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ code: number | null; stdout: string; stderr: string } | 'missing'> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], {
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: HELPER_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve('missing');
      else reject(new CredentialHelperError(program, input, errorMessage(error), 'the Docker config', error));
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A helper that exits before reading stdin makes this write fail with EPIPE: its exit code says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
