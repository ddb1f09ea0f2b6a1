import { describe, expect, it } from 'vitest';
import { ExecTimeoutError } from '../../src/errors/index.js';

describe('ExecTimeoutError', () => {
  it('names the command, the container, the limit and the output so far, and says it was killed', () => {
    const error = new ExecTimeoutError('box', ['sh', '-c', 'sleep 9'], {
      execId: 'abc',
      timeoutMs: 1_500,
      output: 'started\n',
      processKilled: true,
    });
    expect(error.code).toBe('SEAWORTHY_EXEC_TIMEOUT');
    expect(error.message).toContain(`["sh","-c","sleep 9"] in container 'box'`);
    expect(error.message).toContain('timeoutMs of 1500 ms');
    expect(error.message).toContain('It was killed.');
    expect(error.message).toMatch(/Output so far:\nstarted\n$/);
  });

  it('says when the process may still run, and why; quotes only the end of long output', () => {
    const output = `${'x'.repeat(5_000)}END`;
    const error = new ExecTimeoutError('box', ['sleep', '9'], {
      execId: 'abc',
      timeoutMs: 10,
      output,
      processKilled: false,
      killProblem: 'found no process to kill',
    });
    expect(error.message).toContain('may still be running (found no process to kill)');
    expect(error.message.length).toBeLessThan(2_600);
    expect(error.message).toMatch(/…x+END$/);
    expect(error.output).toBe(output);
  });

  it('says when it wrote nothing', () => {
    const error = new ExecTimeoutError('box', ['true'], {
      execId: 'a',
      timeoutMs: 10,
      output: '',
      processKilled: true,
    });
    expect(error.message).toMatch(/It wrote nothing\.$/);
  });
});
