/**
 * `seaworthy/kafka`: Kafka as a prebuilt definition (docs/kafka.md). Its
 * admin helpers use `kafkajs`, an optional peer dependency: `npm install -D kafkajs`.
 */
export {
  type CreateTopicOptions,
  KAFKA_HOST_PORT,
  KAFKA_IMAGE,
  KAFKA_NETWORK_PORT,
  KafkaContainer,
  KafkaDefinition,
  type KafkaOptions,
} from './containers/kafka/kafka.js';
export { topicNameProblem } from './containers/kafka/kafka-topic-name.js';
