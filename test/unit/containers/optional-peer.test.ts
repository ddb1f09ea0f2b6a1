import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isPackageNotFound, loadPeer, peerLoadError } from '../../../src/containers/shared/optional-peer.js';
import { MissingPeerDependencyError, SeaworthyError } from '../../../src/errors/index.js';

const use = { packageName: 'pg', feature: 'PostgresDefinition', purpose: 'talk to the server' };

/** An error shaped like the ones Node's loaders raise. */
function loaderError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('optional peer dependencies', () => {
  it('maps "package not found" from import() and from require() to MissingPeerDependencyError', () => {
    const fromImport = loaderError('ERR_MODULE_NOT_FOUND', "Cannot find package 'pg' imported from /app/dist/chunk.js");
    const fromRequire = loaderError('MODULE_NOT_FOUND', "Cannot find module 'pg'\nRequire stack:\n- /app/dist/x.cjs");
    for (const cause of [fromImport, fromRequire]) {
      const error = peerLoadError(use, cause);
      expect(error).toBeInstanceOf(MissingPeerDependencyError);
      expect(error).toBeInstanceOf(SeaworthyError);
      expect(error).toMatchObject({
        code: 'SEAWORTHY_MISSING_PEER',
        packageName: 'pg',
        feature: 'PostgresDefinition',
        cause,
      });
      expect((error as Error).message).toBe(
        "PostgresDefinition needs the 'pg' package to talk to the server, and it is not installed " +
          '(or not where seaworthy can load it from): npm install --save-dev pg',
      );
    }
  });

  it('passes other failures on unchanged', () => {
    const others = [
      // A dependency of the package is missing, not the package itself.
      loaderError('ERR_MODULE_NOT_FOUND', "Cannot find package 'pg-types' imported from /app/node_modules/pg/lib/x.js"),
      loaderError('MODULE_NOT_FOUND', "Cannot find module 'pg-protocol'"),
      // A file inside an installed package is missing.
      loaderError('ERR_MODULE_NOT_FOUND', "Cannot find module '/app/node_modules/pg/lib/index.js' imported from x"),
      // Another package named in the message, or no loader code at all.
      loaderError('MODULE_NOT_FOUND', "Cannot find module 'kafkajs'"),
      new Error("Cannot find package 'pg'"),
      new SyntaxError('Unexpected token'),
    ];
    for (const error of others) expect(peerLoadError(use, error)).toBe(error);
    expect(peerLoadError(use, 'a string')).toBe('a string');
    expect(isPackageNotFound(null, 'pg')).toBe(false);
  });

  it('reads the error by its shape, so errors from another realm (Jest) map too', () => {
    const foreign = { code: 'MODULE_NOT_FOUND', message: "Cannot find module 'pg' from 'dist/index.cjs'" };
    expect(peerLoadError(use, foreign)).toBeInstanceOf(MissingPeerDependencyError);
  });

  it("recognises Node's own error for a package that is not installed", async () => {
    const missing = 'seaworthy-test-no-such-package';
    const peer = { ...use, packageName: missing };
    const require = createRequire(import.meta.url);
    await expect(loadPeer(peer, async () => require(missing))).rejects.toMatchObject({
      code: 'SEAWORTHY_MISSING_PEER',
      packageName: missing,
    });
    const loaded = await loadPeer(peer, async () => require('node:path'));
    expect(typeof loaded.join).toBe('function');
    // A load that fails for another reason is passed on.
    const broken = new TypeError('boom');
    await expect(
      loadPeer(peer, async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
  });
});
