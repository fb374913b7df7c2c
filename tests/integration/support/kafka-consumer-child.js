/**
 * A consumer-group member in its own process, so a test can kill -9 it mid-stream.
 * Config comes as one JSON argument; every handled key is reported to the parent over IPC before
 * the handler resolves (i.e. before the offset is committed), so the parent's ledger over-counts
 * rather than under-counts what a killed member had done.
 */
require('./ts-register');
const { createKafkaBus } = require('../../../lib/bus/kafka/index.ts');
const { createLogger } = require('../../../lib/logger.ts');

const config = JSON.parse(process.argv[2]);

function send(message) {
  return new Promise((resolve) => process.send(message, () => resolve()));
}

async function main() {
  const bus = await createKafkaBus({
    brokers: config.brokers,
    clientId: `child-${config.name}`,
    topicPrefix: config.topicPrefix,
    partitions: config.partitions,
    sessionTimeoutMs: config.sessionTimeoutMs,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    maxBatchSize: config.maxBatchSize,
    logger: createLogger(process.env.LOG_LEVEL || 'error'),
  });
  const subscription = await bus.subscribe({
    topic: config.topic,
    groupId: config.groupId,
    handler: async (batch) => {
      // Simulated work, so the stream is still flowing when the parent pulls the plug.
      await new Promise((resolve) => setTimeout(resolve, config.workMs));
      await send({ type: 'handled', name: config.name, keys: batch.map((m) => m.key) });
    },
  });
  const reportAssignment = setInterval(() => {
    send({ type: 'assignment', name: config.name, partitions: subscription.assignedPartitions() });
  }, 100);
  process.on('SIGTERM', async () => {
    clearInterval(reportAssignment);
    await subscription.stop();
    await bus.close();
    process.exit(0);
  });
  await send({ type: 'ready', name: config.name });
}

main().catch((err) => {
  process.stderr.write(`child ${config.name} failed: ${err && err.stack}\n`);
  process.exit(1);
});
