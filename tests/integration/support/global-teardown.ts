import { kafkaDown } from './kafka-infra';

/**
 * Stop the broker only if the setup started it, and delete its data (every test makes its own
 * topics; kept data would only slow the next start). DENGAR_KEEP_KAFKA=1 leaves it running.
 */
export async function stopKafkaForTests(): Promise<void> {
  if (process.env.DENGAR_TEST_KAFKA_STARTED !== '1' || process.env.DENGAR_KEEP_KAFKA === '1') return;
  await kafkaDown(true);
}

/** jest globalTeardown of the integration project. */
export default async function globalTeardown(): Promise<void> {
  await stopKafkaForTests();
}
