import { appendFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { expect, inject, test } from 'vitest';

/** Send inline Redis commands; resolves with the raw replies once `expected` of them arrived. */
function redis(port: number, commands: string[], expected: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(commands.map((c) => `${c}\r\n`).join('')));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.split('\r\n').filter((l) => /^[$+:-]/.test(l)).length >= expected) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', reject);
  });
}

test('each run finds the run-scoped Redis clean, then dirties it', async () => {
  const port = inject('cachePort');
  const reply = await redis(port, ['GET marker', 'SET marker dirty'], 2);
  const clean = reply.startsWith('$-1');
  await appendFile(process.env.SW_REPORT as string, `${JSON.stringify({ id: inject('cacheId'), clean })}\n`);
  expect(clean).toBe(true);
});
