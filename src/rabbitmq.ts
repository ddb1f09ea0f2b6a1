/** `seaworthy/rabbitmq`: RabbitMQ as a prebuilt definition (docs/rabbitmq.md). Needs no client library. */
export { amqpHandshake, isConnectionStart } from './containers/rabbitmq/amqp-handshake.js';
export {
  type QueueInfo,
  RABBITMQ_IMAGE,
  RabbitMqContainer,
  RabbitMqDefinition,
  type RabbitMqOptions,
} from './containers/rabbitmq/rabbitmq.js';
