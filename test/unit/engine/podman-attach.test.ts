import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { attachSettled, endAfterStop } from '../../../src/engine/podman/attach.js';

const settling = () =>
  Object.assign(new Error('refused'), {
    statusCode: 409,
    json: { message: 'can only attach to created or running containers: container state improper' },
  });

describe('attachSettled', () => {
  it('tries again while Podman still cleans up a stopped container', async () => {
    let calls = 0;
    const stream = await attachSettled(async () => {
      calls += 1;
      if (calls < 3) throw settling();
      return 'attached';
    });
    expect(stream).toBe('attached');
    expect(calls).toBe(3);
  });

  it('passes any other refusal on at once', async () => {
    let calls = 0;
    const other = Object.assign(new Error('no such container'), { statusCode: 404 });
    await expect(
      attachSettled(async () => {
        calls += 1;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});

describe('endAfterStop', () => {
  it("ends the output only once the engine's wait has answered", async () => {
    const source = new PassThrough();
    let stopped: () => void = () => undefined;
    const out = endAfterStop(source, () => new Promise<void>((resolve) => (stopped = resolve)));
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    let ended = false;
    out.once('end', () => {
      ended = true;
    });
    source.end('last line\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['last line\n']);
    expect(ended).toBe(false);
    stopped();
    await new Promise((resolve) => out.once('end', resolve).once('close', resolve));
    expect(ended).toBe(true);
  });
});
