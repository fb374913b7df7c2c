import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Drive the local broker through infra/kafka's scripts, exactly as a developer would. Used by the
 * jest global setup/teardown and by tests that stop and restart the broker mid-stream.
 */
const run = promisify(execFile);
export const KAFKA_INFRA_DIR = path.resolve(__dirname, '../../../infra/kafka');

/** Start (or find running) the broker; resolves with the bootstrap address the script prints. */
export async function kafkaUp(): Promise<string> {
  const { stdout } = await run('bash', [path.join(KAFKA_INFRA_DIR, 'up.sh')], { timeout: 300_000 }).catch((err: Error & { stderr?: string }) => {
    // The script explains itself on stderr (port taken, format failed, log tail): keep that in the failure.
    throw new Error(`infra/kafka/up.sh failed: ${err.message}\n${err.stderr ?? ''}`);
  });
  const address = stdout.trim().split('\n').pop() ?? '';
  if (!/^[\w.-]+:\d+$/.test(address)) throw new Error(`infra/kafka/up.sh printed no broker address: ${stdout}`);
  return address;
}

/** Stop the broker, keeping its data unless `clean`. */
export async function kafkaDown(clean = false): Promise<void> {
  await run('bash', [path.join(KAFKA_INFRA_DIR, 'down.sh'), ...(clean ? ['--clean'] : [])], { timeout: 120_000 });
}
