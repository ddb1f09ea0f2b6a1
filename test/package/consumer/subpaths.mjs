// Loads every subpath in package.json "exports" through the package's own
// name, once with import() and once with require(), and prints what each
// exports (or the error it threw) as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

function failure(error) {
  return { error: { code: error?.code, message: String(error?.message ?? error) } };
}

const report = {};
for (const subpath of Object.keys(pkg.exports)) {
  if (subpath === './package.json') continue;
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const esm = await import(specifier).then((m) => Object.keys(m).sort(), failure);
  let cjs;
  try {
    cjs = Object.keys(require(specifier)).sort();
  } catch (error) {
    cjs = failure(error);
  }
  report[specifier] = { esm, cjs };
}
console.log(JSON.stringify(report));
