/**
 * `seaworthy/postgres`: PostgreSQL as a prebuilt definition (docs/postgres.md).
 * Its client helpers use `pg`, an optional peer dependency: `npm install -D pg`.
 */
export {
  baselineName,
  POSTGRES_IMAGE,
  PostgresContainer,
  PostgresDefinition,
  type PostgresOptions,
} from './containers/postgres/postgres.js';
