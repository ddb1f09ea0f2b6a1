// Links from docs/ to files outside it (../src, ../examples, ../README.md, …) can't be pages of
// the site. This markdown-it rule checks each such target exists in the working tree (a missing
// one fails the build, like VitePress's own dead-link check does for pages) and rewrites it to
// the file in the repository's web view: `${repo}/blob/${ref}/<path>` (`tree` for folders).
// A link to docs/README.md follows the rewrite that makes it the home page.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { MarkdownRenderer } from 'vitepress';

export interface RepoLinkOptions {
  /** The repository root on disk (docs/ is inside it). */
  root: string;
  /** The repository's web URL, e.g. https://github.com/owner/seaworthy. */
  repo: string;
  /** Branch or tag the links point at. */
  ref: string;
}

/** The repository URL: SEAWORTHY_DOCS_REPO, else package.json "repository", else the fallback. */
export function repoUrl(root: string, fallback: string): string {
  const fromEnv = process.env.SEAWORTHY_DOCS_REPO;
  if (fromEnv) return fromEnv.replace(/\/$/, '');
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string };
  };
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (url) return url.replace(/^git\+/, '').replace(/\.git$/, '');
  return fallback;
}

export function repoLinks(md: MarkdownRenderer, options: RepoLinkOptions): void {
  const docs = resolve(options.root, 'docs');
  md.core.ruler.push('seaworthy-repo-links', (state) => {
    const page: string | undefined = state.env?.path;
    if (!page) return;
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        if (!href || /^[a-z][a-z0-9+.-]*:|^#|^\//i.test(href)) continue;
        const [path = '', hash] = href.split('#');
        const target = resolve(dirname(page), decodeURI(path));
        if (target === docs || target.startsWith(docs + sep)) {
          // docs/README.md is the home page (rewritten to index.md in config.mts); links follow.
          if (target === resolve(docs, 'README.md')) token.attrSet('href', href.replace(/README\.md/, 'index.md'));
          continue;
        }
        const inRepo = relative(options.root, target).split(sep).join('/');
        if (inRepo.startsWith('..') || !existsSync(target)) {
          throw new Error(`${relative(options.root, page)}: link to ${href}, which is not a file in the repository`);
        }
        const kind = statSync(target).isDirectory() ? 'tree' : 'blob';
        token.attrSet('href', `${options.repo}/${kind}/${options.ref}/${inRepo}${hash ? `#${hash}` : ''}`);
      }
    }
  });
}
