// Extract every complete example from docs/*.md (a ```ts block that imports
// from 'vitest'; scripts/doc-blocks.mjs says which) into
// examples/docs/<page>-<n>.test.ts, so `npm run examples` runs the
// documentation too. The output folder is generated; do not edit it.
// The other code blocks are type-checked by scripts/doc-typecheck.mjs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { docPages, fencedBlocks, isExample } from './doc-blocks.mjs';

const root = join(import.meta.dirname, '..');
const out = join(root, 'examples', 'docs');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let count = 0;
for (const page of docPages(root).filter((p) => p.startsWith('docs/'))) {
  const blocks = fencedBlocks(readFileSync(join(root, page), 'utf8')).filter(isExample);
  blocks.forEach((block, i) => {
    const name = `${basename(page, '.md')}-${i + 1}.test.ts`;
    writeFileSync(
      join(out, name),
      `// Generated from ${page}:${block.line} by scripts/doc-examples.mjs.\n${block.code}\n`,
    );
    count++;
  });
}
console.log(`[doc-examples] ${count} examples from docs/ written to examples/docs/`);
