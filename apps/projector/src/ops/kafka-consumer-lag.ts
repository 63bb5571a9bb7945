import type { Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** Runs the offsets query (a TypeORM DataSource fits). */
type Sql = Pick<DataSource, 'query'>;

export interface PartitionLag {
  partition: number;
  /** Messages on the partition after the offset stored with the read models. */
  lag: number;
}

/**
 * Consumer lag per partition: the partition's high watermark minus the next offset the projector
 * stored with the read models (`transport.consumer_offsets`; the partition's low watermark when
 * nothing was stored yet). One admin request and one query.
 */
export async function measureKafkaConsumerLag(
  admin: Admin,
  dataSource: Sql,
  topic: string,
  groupId: string,
): Promise<PartitionLag[]> {
  const [watermarks, rows] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    dataSource.query(
      `SELECT partition, next_offset::text FROM transport.consumer_offsets WHERE group_id = $1 AND topic = $2`,
      [groupId, topic],
    ) as Promise<Array<{ partition: number; next_offset: string }>>,
  ]);
  const stored = new Map(rows.map((r) => [Number(r.partition), BigInt(r.next_offset)]));
  return watermarks.map((w) => {
    const high = BigInt(w.high);
    const next = stored.get(w.partition) ?? BigInt(w.low);
    return { partition: w.partition, lag: Number(high > next ? high - next : 0n) };
  });
}
