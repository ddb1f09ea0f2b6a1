import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const consumer = join(import.meta.dirname, 'consumer');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Names each entry point documents (a sample per entry; every subpath must be listed here). */
const documented = {
  seaworthy: ['ContainerDefinition', 'DockerHelper', 'MissingPeerDependencyError', 'SeaworthyError', 'waitFor'],
  'seaworthy/tools': ['Engine', 'LABELS', 'findLeftovers', 'listInitSnapshots', 'removeLeftovers'],
  'seaworthy/postgres': ['POSTGRES_IMAGE', 'PostgresContainer', 'PostgresDefinition'],
  'seaworthy/redis': ['REDIS_IMAGE', 'RedisContainer', 'RedisDefinition'],
  'seaworthy/rabbitmq': ['RABBITMQ_IMAGE', 'RabbitMqContainer', 'RabbitMqDefinition'],
  'seaworthy/kafka': ['KAFKA_IMAGE', 'KafkaContainer', 'KafkaDefinition', 'topicNameProblem'],
  'seaworthy/registry': ['REGISTRY_IMAGE', 'RegistryContainer', 'RegistryDefinition'],
  'seaworthy/schema-registry': ['SCHEMA_REGISTRY_IMAGE', 'SchemaRegistryContainer', 'SchemaRegistryDefinition'],
  // Also on the root (docs/compose.md), so not in movedOut.
  'seaworthy/compose': ['ComposeProject', 'ComposeStack', 'loadCompose', 'loadComposeModel'],
  'seaworthy/vitest': ['cleanContainer', 'composeStack', 'container', 'withContainers'],
  'seaworthy/jest': ['cleanContainer', 'composeStack', 'container', 'useContainers'],
} as const satisfies Record<string, readonly string[]>;

/** Names that moved out of the root into a subpath. */
const movedOut: readonly string[] = [
  ...documented['seaworthy/tools'],
  ...documented['seaworthy/postgres'],
  ...documented['seaworthy/redis'],
  ...documented['seaworthy/rabbitmq'],
  ...documented['seaworthy/kafka'],
  ...documented['seaworthy/registry'],
  ...documented['seaworthy/schema-registry'],
];

type Loaded = readonly string[] | { error: { code?: string; message: string } };
type Report = Partial<Record<string, { esm: Loaded; cjs: Loaded }>>;

/** What test/package/consumer/subpaths.mjs reports: each subpath's names, from import() and from require(). */
async function loadEverySubpath(): Promise<Report> {
  const { stdout } = await run(process.execPath, [join(consumer, 'subpaths.mjs')], { cwd: root });
  return JSON.parse(stdout) as Report;
}

describe('subpath entry points', () => {
  it('every subpath loads from ESM and CommonJS with the names it documents; the root no longer has them', async () => {
    const report = await loadEverySubpath();
    expect(Object.keys(report).sort()).toEqual(Object.keys(documented).sort());
    for (const [specifier, names] of Object.entries(documented)) {
      const { esm, cjs } = report[specifier] ?? {};
      expect(esm, `import('${specifier}')`).toEqual(expect.arrayContaining([...names]));
      if (specifier === 'seaworthy/vitest') continue; // require() is checked on its own below
      expect(cjs, `require('${specifier}')`).toEqual(expect.arrayContaining([...names]));
      expect(cjs, `require('${specifier}') and import('${specifier}') export the same names`).toEqual(esm);
    }
    for (const format of ['esm', 'cjs'] as const) {
      const root = report.seaworthy?.[format] as readonly string[];
      expect(
        root.filter((name) => movedOut.includes(name)),
        `root (${format})`,
      ).toEqual([]);
    }
  });

  it("require('seaworthy/vitest') throws SEAWORTHY_ESM_ONLY and says to use import", async () => {
    const cjs = (await loadEverySubpath())['seaworthy/vitest']?.cjs;
    expect(cjs).toMatchObject({ error: { code: 'SEAWORTHY_ESM_ONLY' } });
    expect((cjs as { error: { message: string } }).error.message).toMatch(/\bimport\b.*from 'seaworthy\/vitest'/);
  });

  it('every subpath has type declarations for import and require (moduleResolution NodeNext)', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(consumer, 'tsconfig.subpaths.json')], {
      cwd: root,
    }).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe('');
  });

  it('pg and kafkajs are optional peers, not dependencies', () => {
    for (const peer of ['pg', 'kafkajs']) {
      expect(Object.keys(pkg.dependencies)).not.toContain(peer);
      expect(pkg.peerDependencies[peer], peer).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer], peer).toEqual({ optional: true });
    }
  });
});

describe('installed from the packed tarball, without the optional peers', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'seaworthy-pack-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('installs neither pg nor kafkajs, and Postgres and Kafka fail with MissingPeerDependencyError', async () => {
    const npm = { cwd: scratch, env: { ...process.env, npm_config_update_notifier: 'false' } };
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch, root], npm);
    const tarball = readdirSync(scratch).find((file) => file.endsWith('.tgz'));
    expect(tarball, 'npm pack wrote a tarball').toBeDefined();

    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, tarball as string)], {
      ...npm,
      cwd: project,
    });
    const modules = join(project, 'node_modules');
    expect(existsSync(join(modules, 'seaworthy', 'package.json'))).toBe(true);
    expect(existsSync(join(modules, 'pg'))).toBe(false);
    expect(existsSync(join(modules, 'kafkajs'))).toBe(false);

    copyFileSync(join(consumer, 'peer-missing.mjs'), join(project, 'peer-missing.mjs'));
    const { stdout } = await run(process.execPath, ['peer-missing.mjs'], { cwd: project });
    const report = JSON.parse(stdout);
    const expected = (packageName: string, feature: string) => ({
      name: 'MissingPeerDependencyError',
      code: 'SEAWORTHY_MISSING_PEER',
      packageName,
      feature,
      typed: true,
      message: expect.stringContaining(`npm install --save-dev ${packageName}`),
    });
    expect(report).toEqual({
      postgres: expected('pg', 'PostgresDefinition'),
      kafka: expected('kafkajs', 'KafkaDefinition'),
    });
  }, 300_000);
});
