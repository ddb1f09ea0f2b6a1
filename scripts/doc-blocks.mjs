// The fenced code blocks of docs/*.md and README.md, shared by
// scripts/doc-examples.mjs (runs the examples) and scripts/doc-typecheck.mjs
// (type-checks the rest). See docs/development.md, "Code blocks in the docs".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The pages whose blocks are checked, relative to the repository root. */
export function docPages(root) {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return [...docs, 'README.md'];
}

/**
 * Every fenced block of a page: its info string split into `lang` and
 * `attrs`, the 1-based `line` of its opening fence, and its `code` (with the
 * fence's indentation removed). Fences may be indented (inside list items).
 */
export function fencedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!open) {
      // The info string: a language, then attributes (`ts fragment`, VitePress's `ts{1,3}` or `ts [file]`).
      const m = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)(.*)$/.exec(line);
      if (m) {
        open = {
          indent: m[1].length,
          fence: m[2],
          lang: m[3].toLowerCase(),
          attrs: m[4].trim(),
          line: i + 1,
          body: [],
        };
      }
      continue;
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
      const { indent, fence: _f, body, ...rest } = open;
      blocks.push({
        ...rest,
        code: body.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n'),
      });
      open = null;
      continue;
    }
    open.body.push(line);
  }
  return blocks;
}

const CODE_LANGS = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'jsx', 'mjs', 'cjs', 'mts', 'cts']);

/** A TypeScript or JavaScript block (the ones that must run or type-check). */
export function isCode(block) {
  return CODE_LANGS.has(block.lang);
}

/**
 * A runnable example: a ```ts block (no attributes) that imports from
 * 'vitest' and is not testcontainers code. scripts/doc-examples.mjs writes
 * these out as test files and `npm run examples` runs them.
 */
export function isExample(block) {
  return (
    block.lang === 'ts' &&
    block.attrs === '' &&
    /from ['"]vitest['"]/.test(block.code) &&
    !block.code.startsWith('// @testcontainers')
  );
}
