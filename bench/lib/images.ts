/**
 * The images every tool starts: our local builds (scripts/images.sh), since
 * no registry is reachable here. The Postgres and Redis twins honour the
 * official images' contracts, so testcontainers' modules run them unchanged.
 */
export const IMAGES = {
  logger: 'seaworthy-fixture/logger:latest',
  redis: process.env.SEAWORTHY_REDIS_IMAGE ?? 'seaworthy-fixture/redis:latest',
  postgres: process.env.SEAWORTHY_POSTGRES_IMAGE ?? 'seaworthy-fixture/postgres:latest',
  rabbitmq: process.env.SEAWORTHY_RABBITMQ_IMAGE ?? 'seaworthy-fixture/rabbitmq:latest',
  kafka: process.env.SEAWORTHY_KAFKA_IMAGE ?? 'seaworthy-fixture/kafka:latest',
} as const;
