import { describe, expect, it } from 'vitest';
import { attachSettled } from '../../../src/engine/podman/attach.js';

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
