// scripts/doc-blocks.mjs (the block parser both doc scripts share) and
// scripts/doc-typecheck.mjs on small pages of our own: failures at their
// markdown line, the markers, cross-block imports, JSON and YAML.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { fencedBlocks, isExample } from '../../../scripts/doc-blocks.mjs';

type Block = { lang: string; attrs: string; line: number; code: string };
const blocks = (text: string): Block[] => fencedBlocks(text);

describe('fencedBlocks', () => {
  test('language, attributes, the opening line and the code', () => {
    const text = [
      '# t',
      '',
      '```ts fragment',
      'a',
      '',
      'b',
      '```',
      'x',
      '~~~yaml',
      'k: v',
      '~~~',
      '```ts{1,3}',
      'c',
      '```',
    ];
    expect(blocks(text.join('\n'))).toEqual([
      { lang: 'ts', attrs: 'fragment', line: 3, code: 'a\n\nb' },
      { lang: 'yaml', attrs: '', line: 9, code: 'k: v' },
      { lang: 'ts', attrs: '{1,3}', line: 12, code: 'c' },
    ]);
  });

  test('an indented fence loses its indentation; a longer fence holds a shorter one', () => {
    const text = ['- item', '  ```ts', '  const a = 1;', '    nested;', '  ```', '````md', '```ts', 'x', '```', '````'];
    expect(blocks(text.join('\n'))).toEqual([
      { lang: 'ts', attrs: '', line: 2, code: 'const a = 1;\n  nested;' },
      { lang: 'md', attrs: '', line: 6, code: '```ts\nx\n```' },
    ]);
  });

  test('examples: plain ```ts importing vitest, not testcontainers code', () => {
    const example = { lang: 'ts', attrs: '', line: 1, code: "import { test } from 'vitest';" };
    expect(isExample(example)).toBe(true);
    expect(isExample({ ...example, attrs: 'fragment' })).toBe(false);
    expect(isExample({ ...example, lang: 'typescript' })).toBe(false);
    expect(isExample({ ...example, code: `// @testcontainers\n${example.code}` })).toBe(false);
    expect(isExample({ ...example, code: "import { x } from 'seaworthy';" })).toBe(false);
  });
});

describe('doc-typecheck', () => {
  // Inside the repository (reports/ is ignored), so the blocks find node_modules.
  mkdirSync('reports', { recursive: true });
  const dir = mkdtempSync(join('reports', 'doc-typecheck-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const check = (name: string, lines: string[]) => {
    writeFileSync(join(dir, name), lines.join('\n'));
    const run = spawnSync(process.execPath, ['scripts/doc-typecheck.mjs', '--out', join(dir, 'out'), join(dir, name)], {
      encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  test('failures at their markdown line; exclusions listed with their reason', { timeout: 300_000 }, () => {
    const page = `${dir}/bad.md`;
    const { status, stdout, stderr } = check('bad.md', [
      '# bad', //  1
      '', //       2
      '```ts', //  3
      "const n: number = 'text';", // 4
      '```', //    5
      '', //       6
      '```ts', //  7
      '// not checked: a shell session, shown as ts on purpose', // 8
      '$ ls', //   9
      '```', //   10
      '', //      11
      '```json', // 12
      '{', //     13
      '  "a": 1,', // 14
      '}', //     15
      '```', //   16
      '', //      17
      '```yaml', // 18
      'a: [1, 2', // 19
      '```', //   20
      '', //      21
      '```ts', // 22
      '// @testcontainers', // 23
      "import { GenericContainer } from 'testcontainers';", // 24
      "import { DockerHelper } from 'seaworthy';", // 25
      "new GenericContainer('x').withExposedPort(80);", // 26
      '```', //   27
      '', //      28
      '```', //   29
      "import { waitFor } from 'seaworthy';", // 30
      '```', //   31
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(`${page}:4:7  TS2322: Type 'string' is not assignable to type 'number'.`);
    expect(stderr).toContain(`${page}:15  JSON:`);
    expect(stderr).toMatch(new RegExp(`${page}:(19|20)  YAML:`));
    expect(stderr).toContain(`${page}:22  a // @testcontainers block must not use seaworthy`);
    expect(stderr).toContain(`${page}:26:27  TS2551: Property 'withExposedPort' does not exist`);
    expect(stderr).toContain(`${page}:29  seaworthy code in a block with no language`);
    expect(stdout).toContain('2 TypeScript/JavaScript blocks type-checked (0 of them also run as examples, 1 against');
    expect(stdout).toContain(`excluded ${page}:7: a shell session, shown as ts on purpose`);
  });

  test('blocks that name their file import each other; CommonJS and .d.ts blocks', { timeout: 300_000 }, () => {
    const { status, stdout, stderr } = check('good.md', [
      '```ts',
      '// src/add.ts',
      'export const add = (a: number, b: number): number => a + b;',
      '```',
      '```ts',
      '// src/use.ts',
      "import { add } from './add.js';",
      'export const three: number = add(1, 2);',
      '```',
      '```js',
      '// test/total.test.cjs',
      "const { sum } = require('./sum.cjs');",
      'sum([1, 2]).toFixed(1);',
      '```',
      '```js',
      '// test/sum.cjs',
      '/** @param {number[]} xs */',
      'const sum = (xs) => xs.reduce((a, b) => a + b, 0);',
      'module.exports = { sum };',
      '```',
      '```ts',
      '// types/extra.d.ts',
      'declare global {',
      '  interface ExtraThing {',
      '    size: Missing;',
      '  }',
      '}',
      'export {};',
      '```',
    ]);
    // The .d.ts block is checked too (skipLibCheck would skip a declaration file).
    expect(stderr).toContain(`${dir}/good.md:25:11  TS2304: Cannot find name 'Missing'.`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(status).toBe(1);
    expect(stdout).toContain('5 TypeScript/JavaScript blocks type-checked');
  });
});
