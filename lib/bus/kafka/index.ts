/** The Kafka bus: the one place kafkajs is imported. */
export { createKafkaBus, type KafkaBus, type RawRecord } from './kafka-bus';
export { KafkaBusOptions, type KafkaBusOptionsInput } from './options';
export type { KafkaSubscription } from './subscription';
