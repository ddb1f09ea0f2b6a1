// Check the built docs site (docs/.vitepress/dist, from `npm run docs:build`), served from 127.0.0.1:
// 1. every docs/*.md page is in the sidebar list (docs/.vitepress/pages.mjs), and every listed page exists;
// 2. linkinator crawls the site and checks every internal link and #fragment; external URLs are
//    skipped, never fetched (nothing leaves this machine);
// 3. Debian's chromium (scripts/chromium.sh), driven by playwright-core, opens the home page, a guide
//    page and an API page, checks the title, heading and sidebar rendered, no console errors and no
//    request off 127.0.0.1, tries the local search, and saves screenshots under reports/site/.
// linkinator 8 needs Node 22 (its undici uses zlib's zstd); on Node 20 this script runs itself again
// under Node 22 from `npx -p node@22`, as scripts/matrix-vitest5.sh does for Vitest 5 (--prefer-offline:
// once npm's cache has it, no request goes to the registry; a fresh machine fetches it once, an install).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

if (Number(process.versions.node.split('.')[0]) < 22) {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync('npx', ['--yes', '--prefer-offline', '-p', 'node@22', '-c', `node ${JSON.stringify(self)}`], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
const { LinkChecker } = await import('linkinator');
const { chromium } = await import('playwright-core');
const { groups } = await import('../docs/.vitepress/pages.mjs');

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'docs/.vitepress/dist');
const shots = join(root, 'reports/site');
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`[docs-check] FAIL ${message}`);
};

// 1. The sidebar lists every page.
const listed = groups.flatMap((group) => group.items.map(([page]) => page));
const pages = readdirSync(join(root, 'docs'))
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .map((file) => file.slice(0, -3));
for (const page of pages)
  if (!listed.includes(page)) fail(`docs/${page}.md is in no sidebar group (docs/.vitepress/pages.mjs)`);
for (const page of listed)
  if (!pages.includes(page)) fail(`docs/.vitepress/pages.mjs lists ${page}, which has no docs/${page}.md`);
for (const page of new Set(listed)) {
  if (listed.filter((p) => p === page).length > 1) fail(`docs/.vitepress/pages.mjs lists ${page} twice`);
}
console.log(`[docs-check] sidebar: ${listed.length} pages listed, ${pages.length} in docs/`);

if (!existsSync(join(dist, 'index.html'))) {
  console.error('[docs-check] docs/.vitepress/dist/index.html is missing: run `npm run docs:build` first');
  process.exit(1);
}

// The built site, served as a static host would (a folder URL serves its index.html).
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  let file = normalize(join(dist, path));
  if (!file.startsWith(dist)) file = join(dist, '404.html');
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  const found = existsSync(file) && statSync(file).isFile();
  res.writeHead(found ? 200 : 404, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(found ? readFileSync(file) : readFileSync(join(dist, '404.html')));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

try {
  // 2. Internal links, crawled from the home page.
  const started = Date.now();
  let skipped = 0;
  const checker = new LinkChecker();
  const result = await checker.check({
    path: `${origin}/`,
    recurse: true,
    checkFragments: true,
    concurrency: 50,
    timeout: 30_000,
    linksToSkip: async (link) => {
      const local = link.startsWith(`${origin}/`) || link === origin;
      if (!local) skipped++;
      return !local;
    },
  });
  const broken = result.links.filter((link) => link.state === 'BROKEN');
  for (const link of broken) fail(`broken link ${link.url} (status ${link.status}) on ${link.parent}`);
  const checked = result.links.filter((link) => link.state === 'OK').length;
  console.log(
    `[docs-check] links: ${checked} internal links OK, ${broken.length} broken, ${skipped} external skipped` +
      ` (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );

  // 3. A reader's look, in a headless chromium.
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // As root (CI here) chromium's sandbox can't start.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    const views = [
      { name: 'home', path: '/', title: 'seaworthy docs', sidebar: 'Core' },
      {
        name: 'guide-fixtures',
        path: '/fixtures.html',
        title: 'Fixtures: containers in Vitest tests',
        sidebar: 'Core',
      },
      {
        name: 'api-withContainers',
        path: '/api/seaworthy/vitest/functions/withContainers.html',
        title: 'Function: withContainers()',
        sidebar: 'seaworthy/vitest',
      },
    ];
    for (const view of views) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
        errors.push(`request off this machine blocked: ${url}`);
        return route.abort();
      });
      await page.goto(`${origin}${view.path}`, { waitUntil: 'networkidle' });
      const h1 = (await page.locator('main h1').first().textContent())?.replace(/\u200b|#$/g, '').trim();
      if (h1 !== view.title) fail(`${view.path}: heading is "${h1}", expected "${view.title}"`);
      const title = await page.title();
      if (!title.startsWith(view.title)) fail(`${view.path}: <title> is "${title}"`);
      const sidebar = page.locator('aside.VPSidebar');
      if (!(await sidebar.isVisible())) fail(`${view.path}: no sidebar`);
      else if ((await sidebar.getByText(view.sidebar, { exact: true }).filter({ visible: true }).count()) === 0) {
        fail(`${view.path}: sidebar has no "${view.sidebar}"`);
      }
      const links = await sidebar.locator('a').count();
      if (links < 5) fail(`${view.path}: the sidebar has ${links} links`);
      await page.screenshot({ path: join(shots, `${view.name}.png`) });
      for (const error of errors) fail(`${view.path}: console: ${error}`);
      console.log(`[docs-check] ${view.path}: "${h1}", sidebar ${links} links, reports/site/${view.name}.png`);
      await page.close();
    }

    // The local search finds an API page.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    await page.locator('.VPNavBarSearch button').click();
    await page.locator('.VPLocalSearchBox input').fill('withContainers');
    const hit = page.locator('.VPLocalSearchBox .result').first();
    await hit.waitFor({ timeout: 10_000 }).catch(() => fail('search: no result for "withContainers"'));
    await page.screenshot({ path: join(shots, 'search.png') });
    console.log(
      `[docs-check] search "withContainers": ${await page.locator('.VPLocalSearchBox .result').count()} results, reports/site/search.png`,
    );
    await page.close();
  } finally {
    await browser.close();
  }
} finally {
  server.close();
}

if (failures.length > 0) {
  console.error(`[docs-check] ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('[docs-check] ok');
