import { kafkaUp } from './kafka-infra';

/**
 * Start the local Kafka from infra/kafka unless KAFKA_BROKERS names a running one. Workers inherit
 * process.env, so tests read KAFKA_BROKERS. Exported by name so one globalSetup can also start
 * the other engines (OpenSearch) next to it.
 */
export async function startKafkaForTests(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const started = Date.now();
  process.env.KAFKA_BROKERS = await kafkaUp();
  process.env.DENGAR_TEST_KAFKA_STARTED = '1';
  process.stderr.write(`\nkafka: ${process.env.KAFKA_BROKERS} ready in ${Date.now() - started} ms\n`);
}

/** jest globalSetup of the integration project. */
export default async function globalSetup(): Promise<void> {
  await startKafkaForTests();
}
