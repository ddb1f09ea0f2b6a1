import { RedisDefinition } from '../../../../src/redis.js';
import { runScope } from '../../../../src/vitest/index.js';

export default runScope(
  { cache: new RedisDefinition({ name: 'watch-cache', image: 'seaworthy-fixture/redis:latest' }) },
  ({ cache }) => ({ cachePort: cache.hostPort(6379), cacheId: cache.id }),
);

declare module 'vitest' {
  interface ProvidedContext {
    cachePort: number;
    cacheId: string;
  }
}
