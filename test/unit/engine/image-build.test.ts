import { describe, expect, it } from 'vitest';
import { builtId, lastStep } from '../../../src/engine/docker/image-build.js';

describe('reading a build stream', () => {
  it("takes the image id from aux.ID, else from the classic builder's last line", () => {
    expect(builtId([{ stream: 'Step 1/1 : FROM x\n' }, { aux: { ID: 'sha256:abc' } }])).toBe('sha256:abc');
    expect(builtId([{ stream: 'Successfully built 0123456789ab\n' }, { stream: 'Successfully tagged x:1\n' }])).toBe(
      '0123456789ab',
    );
    expect(builtId([{ stream: 'Step 1/1 : FROM x\n' }])).toBeUndefined();
  });

  it('finds the last step and its output, without colour codes and the builder bookkeeping', () => {
    const [step, lines] = lastStep([
      { stream: 'Step 1/2 : FROM debian\n' },
      { stream: ' ---> 5a81046ef74f\n' },
      { stream: 'Step 2/2 : RUN make\n' },
      { stream: ' ---> Running in 3f2a\n' },
      { stream: 'compiling\nlinking\n' },
      { stream: '\u001b[91mmake: *** [all] Error 2\n\u001b[0m' },
      { stream: 'Removing intermediate container 3f2a\n' },
    ]);
    expect(step).toBe('Step 2/2 : RUN make');
    expect(lines).toEqual(['compiling', 'linking', 'make: *** [all] Error 2']);
  });

  it("reads Podman's (Buildah's) step lines, named in Docker's words", () => {
    const [step, lines] = lastStep([
      { stream: 'STEP 1/3: FROM seaworthy-fixture/logger:latest\n' },
      { stream: 'STEP 2/3: RUN echo checking; exit 3\n' },
      { stream: 'checking\n' },
    ]);
    expect(step).toBe('Step 2/3 : RUN echo checking; exit 3');
    expect(lines).toEqual(['checking']);
  });

  it('keeps the last 20 lines of a long step, and has no step before the first', () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join('');
    expect(lastStep([{ stream: 'Step 1/1 : RUN x\n' }, { stream: output }])[1]).toHaveLength(20);
    expect(lastStep([{ stream: 'Sending build context\n' }])[0]).toBeUndefined();
  });
});
