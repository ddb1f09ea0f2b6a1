// `seaworthy run` as the Bitbucket step runs it: the base file and the CI
// override, and a host command (produce-and-read.mjs) that reaches the broker
// and the registry at the addresses seaworthy run hands it. The run keeps the
// command's exit code and tears the stack down.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { freePort } from './free-port.js';

const folder = dirname(fileURLToPath(import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve('seaworthy')), 'cli.js');

/** Run the installed package's `seaworthy` command in this folder; resolves with its exit code and output. */
function seaworthy(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: folder, env: { ...process.env, ...env }, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const files = ['-f', 'docker-compose.yml', '-f', 'docker-compose.bitbucket.yml'];

test('seaworthy run with the Bitbucket override: the command produces and reads Avro, the consumer decodes it', {
  timeout: 300_000,
}, async () => {
  const port = await freePort();
  const { code, output } = await seaworthy(
    ['run', ...files, '--logs', 'always', '--timeout', '4m', '--', process.execPath, 'produce-and-read.mjs'],
    // The command reaches the broker's HOST listener at BROKER_HOST:BROKER_PORT, here
    // 127.0.0.1 and the port published as written, so the override must advertise that
    // address: BITBUCKET_DOCKER_HOST_INTERNAL names where the command reaches the broker
    // (on Bitbucket, Pipelines sets it). A free port keeps parallel runs apart.
    { KAFKA_HOST_PORT: String(port), BITBUCKET_DOCKER_HOST_INTERNAL: '127.0.0.1' },
  );
  expect(code, output).toBe(0);
  expect(output).toContain(`BROKER_PORT=${port}`);
  expect(output).toContain(`the broker advertises 127.0.0.1:${port}`);
  expect(output).toContain('all orders read back');
  expect(output).toContain('the consumer service (group orders-printer) has decoded 3 orders');
  // --logs always: the consumer service's log, which decoded the same orders over the network.
  expect(output).toMatch(/consumer \| consumed \{"id":"ci-2","item":"rope","quantity":30\}/);
});

test('a command that fails fails the run with its exit code; the advertised address decides', {
  timeout: 300_000,
}, async () => {
  const port = await freePort();
  // Advertising an address the command does not reach: metadata sends the client there, so the
  // produce fails although the bootstrap address answered.
  const { code, output } = await seaworthy(
    ['run', ...files, '--logs', 'never', '--timeout', '4m', '--', process.execPath, 'produce-and-read.mjs'],
    { KAFKA_HOST_PORT: String(port), BITBUCKET_DOCKER_HOST_INTERNAL: 'broker.invalid' },
  );
  // The command's unhandled connection error exits node with 1, and the run with it.
  expect(code, output).toBe(1);
  expect(output).not.toContain('all orders read back');
  // The client followed the metadata to the advertised address, which does not resolve.
  expect(output).toContain('broker.invalid');
  expect(output).toMatch(/result\s+failed: \S*node exited with code 1/);
});
