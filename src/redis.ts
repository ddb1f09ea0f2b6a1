/** `seaworthy/redis`: Redis as a prebuilt definition (docs/redis.md). Needs no client library. */
export { REDIS_IMAGE, RedisContainer, RedisDefinition, type RedisOptions } from './containers/redis/redis.js';
