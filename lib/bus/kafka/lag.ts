import type { Admin } from 'kafkajs';

/**
 * Messages on `topic` not yet committed by `groupId`: Σ over partitions of high watermark minus
 * committed offset (a partition the group never committed counts from its low watermark, since
 * the bus subscribes from the beginning).
 */
export async function groupLag(admin: Admin, topic: string, groupId: string): Promise<number> {
  const [watermarks, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committedByPartition = new Map<number, bigint>();
  for (const entry of committed.find((t) => t.topic === topic)?.partitions ?? []) {
    committedByPartition.set(entry.partition, BigInt(entry.offset));
  }
  let lag = 0n;
  for (const { partition, high, low } of watermarks) {
    const done = committedByPartition.get(partition) ?? -1n;
    const from = done >= 0n ? done : BigInt(low);
    if (BigInt(high) > from) lag += BigInt(high) - from;
  }
  return Number(lag);
}
