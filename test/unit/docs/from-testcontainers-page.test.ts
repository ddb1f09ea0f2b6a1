import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// docs/from-testcontainers.md shows the two files of examples/from-testcontainers
// side by side (a VitePress code group). They run in `npm run examples`; this
// keeps the page's copies equal to them, line for line.
const root = new URL('../../../', import.meta.url);
const page = readFileSync(new URL('docs/from-testcontainers.md', root), 'utf8');

/** The body of the block fenced as ```ts [<title>]. */
function titledBlock(title: string): string | undefined {
  const fence = `\`\`\`ts [${title}]\n`;
  const start = page.indexOf(fence);
  if (start === -1) return undefined;
  const end = page.indexOf('\n```\n', start + fence.length);
  return page.slice(start + fence.length, end + 1);
}

describe('docs/from-testcontainers.md', () => {
  it.each([
    ['testcontainers.test.ts', '// @testcontainers\n'],
    ['seaworthy.test.ts', ''],
  ])('shows examples/from-testcontainers/%s as it is', (file, marker) => {
    const source = readFileSync(new URL(`examples/from-testcontainers/${file}`, root), 'utf8');
    expect(titledBlock(file)).toBe(marker + source);
  });
});
