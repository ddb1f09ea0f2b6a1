// Extract every complete example from docs/*.md (a ```ts block that imports
// from 'vitest') into examples/docs/<page>-<n>.test.ts, so `npm run examples`
// runs the documentation too. The output folder is generated; do not edit it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'examples', 'docs');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let count = 0;
for (const file of readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))) {
  const text = readFileSync(join(root, 'docs', file), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((code) => code.includes("from 'vitest'"));
  blocks.forEach((code, i) => {
    const name = `${basename(file, '.md')}-${i + 1}.test.ts`;
    writeFileSync(join(out, name), `// Generated from docs/${file} by scripts/doc-examples.mjs.\n${code}`);
    count++;
  });
}
console.log(`[doc-examples] ${count} examples from docs/ written to examples/docs/`);
