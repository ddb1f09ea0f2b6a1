import { type ImageConfig, imageConfigOf } from '../files/image-config.js';
import { type PortSpec, portKey } from '../resources/definitions/ports.js';
import { expectContainer } from './expect-container.js';
import { type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

/** The image facts container-structure-test checks. Every field is optional. */
export interface ImageExpectation {
  /** Variables that must be set, with these values (other variables are allowed). */
  readonly env?: Readonly<Record<string, string>>;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  /** Ports that must be exposed, e.g. `[8080, '53/udp']` (others are allowed). */
  readonly exposedPorts?: readonly PortSpec[];
  /** `''` or 'root' for root. */
  readonly user?: string;
  readonly workdir?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** `await expect(container).toHaveImageConfig({ user: 'app', workdir: '/app', exposedPorts: [8000] })` */
export async function toHaveImageConfig(
  this: MatcherState,
  received: unknown,
  expected: ImageExpectation,
): Promise<MatcherResult> {
  const container = expectContainer(received, 'toHaveImageConfig');
  const config = await imageConfigOf(container);
  const problems = imageProblems(config, expected, (a, b) => this.equals(a, b));
  const shown = JSON.stringify(
    {
      env: config.env,
      entrypoint: config.entrypoint,
      cmd: config.cmd,
      exposedPorts: config.exposedPorts,
      user: config.user,
      workdir: config.workdir,
    },
    null,
    2,
  );
  return outcome(
    problems.length === 0,
    () =>
      `expected the image of '${container.definition.name}' (${config.tags[0] ?? config.id}) to have:\n` +
      `${problems.map((p) => `  - ${p}`).join('\n')}\nImage config:\n${shown}`,
    () => `expected the image of '${container.definition.name}' not to match ${JSON.stringify(expected)}, but it does`,
  );
}

/** Every way `config` falls short of `expected`, as phrases. Pure; exported for tests. */
export function imageProblems(
  config: ImageConfig,
  expected: ImageExpectation,
  equals: (a: unknown, b: unknown) => boolean,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(expected.env ?? {})) {
    if (!(name in config.env)) problems.push(`env ${name}=${value}, but ${name} is not set`);
    else if (config.env[name] !== value) problems.push(`env ${name}=${value}, but it is ${config.env[name]}`);
  }
  const list = (what: string, want: readonly string[] | undefined, have: readonly string[]) => {
    if (want && !equals([...have], [...want]))
      problems.push(`${what} ${JSON.stringify(want)}, but it is ${JSON.stringify(have)}`);
  };
  list('entrypoint', expected.entrypoint, config.entrypoint);
  list('cmd', expected.cmd, config.cmd);
  for (const port of expected.exposedPorts ?? []) {
    const key = portKey(port);
    if (!config.exposedPorts.includes(key)) {
      problems.push(`port ${key} exposed, but it exposes ${config.exposedPorts.join(', ') || 'nothing'}`);
    }
  }
  if (expected.user !== undefined) {
    const isRoot = (u: string) => u === '' || u === 'root' || u === '0';
    const same = isRoot(expected.user) ? isRoot(config.user) : config.user === expected.user;
    if (!same) problems.push(`user '${expected.user}', but it is '${config.user || 'root'}'`);
  }
  if (expected.workdir !== undefined && (config.workdir || '/') !== (expected.workdir || '/')) {
    problems.push(`workdir '${expected.workdir}', but it is '${config.workdir || '/'}'`);
  }
  for (const [name, value] of Object.entries(expected.labels ?? {})) {
    if (config.labels[name] !== value)
      problems.push(`label ${name}=${value}, but it is ${config.labels[name] ?? 'unset'}`);
  }
  return problems;
}
