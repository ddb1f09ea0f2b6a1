// Fails when a source file in src/ passes 450 lines: one concept per file
// (see docs/development.md). Prints the five largest either way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 450;
const files = readdirSync('src', { recursive: true })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => {
    const path = join('src', name);
    return { path, lines: readFileSync(path, 'utf8').split('\n').length - 1 };
  })
  .sort((a, b) => b.lines - a.lines);
for (const { path, lines } of files.slice(0, 5)) console.log(`${String(lines).padStart(5)} ${path}`);
const over = files.filter((f) => f.lines > LIMIT);
if (over.length > 0) {
  console.error(`${over.length} file(s) over ${LIMIT} lines: ${over.map((f) => f.path).join(', ')}; split by concept`);
  process.exit(1);
}
console.log(`${files.length} source files, none over ${LIMIT} lines`);
