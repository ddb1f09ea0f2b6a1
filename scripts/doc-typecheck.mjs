// Type-check every TypeScript and JavaScript block of docs/*.md and README.md,
// and parse every JSON and YAML block. Usage: node scripts/doc-typecheck.mjs
// (npm run docs:typecheck). Conventions: docs/development.md, "Code blocks in the docs".
// `--list` prints every block and how it is checked. For its own test: `--out <dir>`
// (inside the repository, for node_modules) and page paths instead of the docs.
//
// Each block is written as its own module under .doc-typecheck/ (generated,
// gitignored): a block whose first line names its file (`// test/fixtures.ts`)
// is written at that path in a folder of its page, so blocks of one page can
// import each other ('./fixtures.js'); the others as <page>/block-L<line>.<ext>.
// All of them are checked in one tsc program, strict, with `seaworthy` and
// `seaworthy/*` mapped to src/ as in the root tsconfig. Blocks whose first line
// is `// @testcontainers` are testcontainers-node code: a second program checks
// them against the installed `testcontainers` types, without the mapping.
// A block whose first line is `// not checked: <reason>` is skipped and listed.
// Failures are reported as docs/page.md:LINE:COL (the markdown line).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { docPages, fencedBlocks, isCode, isExample } from './doc-blocks.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const listAt = args.indexOf('--list'); // print every checked block and how it is checked
const list = listAt >= 0 && args.splice(listAt, 1).length > 0;
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? resolve(args.splice(outAt, 2)[1]) : join(root, '.doc-typecheck');
const pages = args.length ? args.map((a) => relative(root, resolve(a))) : docPages(root);
const EXCLUDED = /^(?:\/\/|#)\s*not checked:\s*(.+)$/;
const TESTCONTAINERS = '// @testcontainers';
const FILE_COMMENT = /^\/\/ ((?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:d\.ts|[cm]?[jt]sx?))\b/;

const started = performance.now();
rmSync(out, { recursive: true, force: true });

/** Code of the runnable examples outside docs/ (examples/*.test.ts), to recognise README copies of them. */
function exampleSources(dir) {
  const sources = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'docs' && dir === join(root, 'examples')) continue;
    if (statSync(path).isDirectory()) sources.push(...exampleSources(path));
    else if (name.endsWith('.test.ts')) sources.push({ path: relative(root, path), code: readFileSync(path, 'utf8') });
  }
  return sources;
}
const examples = exampleSources(join(root, 'examples'));

/** The file a block names on its first line (`// test/fixtures.ts`), if any, inside its page's folder. */
function namedFile(first) {
  const named = FILE_COMMENT.exec(first)?.[1];
  return named?.split('/').some((part) => part === '..' || part === '.') ? undefined : named;
}

function extension(block) {
  if (block.lang === 'tsx') return '.tsx';
  if (['js', 'javascript', 'jsx', 'mjs', 'cjs'].includes(block.lang)) {
    if (block.lang === 'mjs' || block.lang === 'cjs') return `.${block.lang}`;
    return /\brequire\(|module\.exports/.test(block.code) ? '.cjs' : '.mjs';
  }
  return '.ts';
}

const checked = []; // { page, block, file, program: 'seaworthy' | 'testcontainers', runBy }
const excluded = []; // { page, block, reason }
const blockFailures = []; // { where, message }
let dataChecked = 0;

for (const page of pages) {
  const text = readFileSync(join(root, page), 'utf8');
  const pageDir = page === 'README.md' ? '_README' : basename(page, '.md'); // docs/README.md is README
  const taken = new Set();
  for (const block of fencedBlocks(text)) {
    const first = block.code.split('\n', 1)[0].trim();
    const skip = EXCLUDED.exec(first);
    if (skip && (isCode(block) || ['json', 'yaml', 'yml'].includes(block.lang))) {
      excluded.push({ page, block, reason: skip[1] });
      continue;
    }
    if (block.lang === 'json' || block.lang === 'yaml' || block.lang === 'yml') {
      dataChecked++;
      const where = `${page}:${block.line}`;
      if (block.lang === 'json') {
        try {
          JSON.parse(block.code);
        } catch (error) {
          // Node's message ends with "at position N" (and sometimes "(line L column C)").
          const at = /position (\d+)/.exec(error.message);
          const line = at ? block.code.slice(0, Number(at[1])).split('\n').length : 0;
          blockFailures.push({
            where: line ? `${page}:${block.line + line}` : where,
            message: `JSON: ${error.message}`,
          });
        }
      } else {
        for (const doc of parseAllDocuments(block.code)) {
          for (const error of doc.errors) {
            const line = error.linePos?.[0]?.line;
            blockFailures.push({
              where: line ? `${page}:${block.line + line}` : where,
              message: `YAML: ${error.message.split('\n')[0]}`,
            });
          }
        }
      }
      continue;
    }
    if (block.lang === '' && /from ['"]seaworthy|require\(['"]seaworthy/.test(block.code)) {
      blockFailures.push({
        where: `${page}:${block.line}`,
        message: 'seaworthy code in a block with no language: mark it ```ts',
      });
    }
    if (!isCode(block)) continue;
    const program = first === TESTCONTAINERS ? 'testcontainers' : 'seaworthy';
    if (program === 'testcontainers' && /from ['"]seaworthy(?:\/[\w-]+)?['"]|require\(['"]seaworthy/.test(block.code)) {
      blockFailures.push({
        where: `${page}:${block.line}`,
        message: 'a // @testcontainers block must not use seaworthy',
      });
    }
    const named = namedFile(first);
    // A .d.ts block is written as .ts: skipLibCheck would skip it as a declaration file.
    let file = named ? named.replace(/\.d\.ts$/, '.d-ts.ts') : `block-L${block.line}${extension(block)}`;
    if (taken.has(file)) file = file.replace(/(\.d\.ts|\.[^.]+)$/, `-L${block.line}$1`);
    taken.add(file);
    const path = join(out, program, pageDir, file);
    mkdirSync(dirname(path), { recursive: true });
    // The block's lines stay where they are (line N of the file is line N of the block).
    writeFileSync(path, `${block.code}\n// Generated from ${page}:${block.line} by scripts/doc-typecheck.mjs.\n`);
    let runBy;
    if (page.startsWith('docs/') && isExample(block)) runBy = 'npm run examples (scripts/doc-examples.mjs)';
    else {
      // A copy of an example file (the README's quick start, from-testcontainers.md's pair), marker aside.
      const body = (program === 'testcontainers' ? block.code.slice(TESTCONTAINERS.length) : block.code).trim();
      runBy = examples.find((e) => body && e.code.includes(body))?.path;
    }
    checked.push({ page, block, file: path, program, runBy });
  }
}

// The root tsconfig's options and paths, rebased onto .doc-typecheck/.
const rootConfig = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config;
const rebased = Object.fromEntries(
  Object.entries(rootConfig.compilerOptions.paths).map(([name, targets]) => [
    name,
    targets.map((t) => relative(out, resolve(root, t))),
  ]),
);
const common = {
  ...rootConfig.compilerOptions,
  moduleDetection: 'force', // a block without imports is still a module of its own
  allowJs: true,
  checkJs: true,
  noEmit: true,
  stripInternal: undefined,
};
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'tsconfig.json'),
  `${JSON.stringify({ compilerOptions: { ...common, paths: rebased }, include: ['seaworthy'] }, null, 2)}\n`,
);
const { paths: _paths, ...withoutPaths } = common;
writeFileSync(
  join(out, 'tsconfig.testcontainers.json'),
  `${JSON.stringify({ compilerOptions: withoutPaths, include: ['testcontainers'] }, null, 2)}\n`,
);
writeFileSync(join(out, '.gitignore'), '*\n');

const byFile = new Map(checked.map((c) => [resolve(c.file), c]));
const failures = [];
for (const [program, config] of [
  ['seaworthy', 'tsconfig.json'],
  ['testcontainers', 'tsconfig.testcontainers.json'],
]) {
  if (!checked.some((c) => c.program === program)) continue;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(out, config),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) =>
        failures.push({ where: config, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }),
    },
  );
  const tsProgram = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  for (const d of ts.getPreEmitDiagnostics(tsProgram)) {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n    ')}`;
    const source = d.file && byFile.get(resolve(d.file.fileName));
    if (!d.file || d.start === undefined) {
      failures.push({ where: `(${program} program)`, message });
    } else if (!source) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      failures.push({ where: `${relative(root, d.file.fileName)}:${line + 1}:${character + 1}`, message });
    } else {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      failures.push({ where: `${source.page}:${source.block.line + 1 + line}:${character + 1}`, message });
    }
  }
}

const run = checked.filter((c) => c.runBy);
const tc = checked.filter((c) => c.program === 'testcontainers');
for (const f of [...failures, ...blockFailures]) console.error(`${f.where}  ${f.message}`);
console.log(
  `[docs:typecheck] ${checked.length} TypeScript/JavaScript blocks type-checked (${run.length} of them also run as examples, ` +
    `${tc.length} against testcontainers' types), ${dataChecked} JSON/YAML blocks parsed, ${excluded.length} excluded` +
    `${excluded.length ? ':' : ''}`,
);
for (const e of excluded) console.log(`  excluded ${e.page}:${e.block.line}: ${e.reason}`);
if (list) {
  for (const c of checked) {
    const how = [`type-checked${c.program === 'testcontainers' ? " against testcontainers' types" : ''}`];
    if (c.runBy) how.push(`run by ${c.runBy}`);
    console.log(`  ${c.page}:${c.block.line}  ${how.join(', ')}`);
  }
}
const problems = failures.length + blockFailures.length;
console.log(
  `[docs:typecheck] ${problems ? `${problems} problem(s)` : 'all clean'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = problems ? 1 : 0;
