// A tiny smoke suite, run inside the `tests` service: it asks the app for
// /health and /visits and writes a JSON report. Exit code 0 means it passed.
import { mkdirSync, writeFileSync } from 'node:fs';

const base = process.env.WEB_URL ?? 'http://web:8000';
const checks = [];
async function check(name, run) {
  try {
    await run();
    checks.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    checks.push({ name, ok: false, error: String(error) });
    console.log(`FAIL ${name}: ${error}`);
  }
}

await check('health', async () => {
  const body = await (await fetch(`${base}/health`)).json();
  if (body.db !== 'up') throw new Error(`db is ${body.db}`);
});
await check('visits count up from the seed', async () => {
  const { visits } = await (await fetch(`${base}/visits`)).json();
  const seeded = Number(process.env.EXPECT_VISITS ?? '41');
  if (visits <= seeded) throw new Error(`visits ${visits}, expected more than ${seeded}`);
});

const dir = process.env.REPORT_DIR ?? '/reports';
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/smoke.json`, `${JSON.stringify({ base, checks }, null, 2)}\n`);
process.exit(checks.every((c) => c.ok) ? 0 : 1);
