import { describe, expectTypeOf, it } from 'vitest';
import {
  type Container,
  ContainerExitedError,
  type LogChunk,
  LogMatcher,
  type LogMatcherOptions,
  type OutputChunk,
  SeaworthyError,
  type SeaworthyErrorCode,
  WaitTimeoutError,
} from '../../../src/index.js';
import type { LogExpectationOptions } from '../../../src/matchers/index.js';

// These checks are made by `tsc --noEmit` (which covers test/); at run time
// expectTypeOf does nothing. A regression makes this file fail to compile.
describe('public types', () => {
  it('followLogs() yields LogChunk (an OutputChunk with an optional timestamp), not any, and can be closed', () => {
    type Stream = Awaited<ReturnType<Container['followLogs']>>;
    expectTypeOf<Stream>().toMatchTypeOf<AsyncIterable<OutputChunk>>();
    expectTypeOf<Stream['close']>().toEqualTypeOf<() => void>();
    async function firstChunk(stream: Stream) {
      for await (const chunk of stream) return chunk;
      return undefined;
    }
    expectTypeOf(firstChunk).returns.resolves.toEqualTypeOf<LogChunk | undefined>();
    expectTypeOf<LogChunk>().toMatchTypeOf<OutputChunk>();
    expectTypeOf<LogChunk['timestamp']>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<OutputChunk>().not.toBeAny();
  });

  it('the root LogMatcherOptions is the one LogMatcher takes; the matchers have their own', () => {
    expectTypeOf<ConstructorParameters<typeof LogMatcher>[1]>().toEqualTypeOf<LogMatcherOptions | undefined>();
    expectTypeOf<LogMatcherOptions>().toHaveProperty('times');
    expectTypeOf<LogExpectationOptions>().toHaveProperty('timeoutMs');
  });

  it('error codes are a union, narrowed per class; instanceof narrows', () => {
    expectTypeOf<SeaworthyError['code']>().toEqualTypeOf<SeaworthyErrorCode>();
    expectTypeOf<WaitTimeoutError['code']>().toEqualTypeOf<'SEAWORTHY_WAIT_TIMEOUT'>();
    expectTypeOf<ContainerExitedError['code']>().toEqualTypeOf<'SEAWORTHY_CONTAINER_EXITED'>();
    const error: unknown = new WaitTimeoutError('c', 'x', 1, []);
    if (error instanceof WaitTimeoutError) expectTypeOf(error.waitedMs).toEqualTypeOf<number>();
    if (error instanceof SeaworthyError) expectTypeOf(error.code).toEqualTypeOf<SeaworthyErrorCode>();
  });
});
