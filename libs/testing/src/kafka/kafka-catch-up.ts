import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/**
 * Waits until the relay has published every stored event and the consumer group has applied every
 * message of the topic (its stored offsets reach the partitions' ends).
 */
export async function waitForKafkaCatchUp(options: {
  databaseUrl: string;
  brokers: string;
  topic: string;
  groupId: string;
  timeoutMs?: number;
}): Promise<{ events: number; messages: number }> {
  const kafka = new Kafka({ brokers: [options.brokers], logLevel: logLevel.NOTHING, retry: { retries: 20 } });
  const admin = kafka.admin();
  const db = new Client({ connectionString: options.databaseUrl });
  await Promise.all([admin.connect(), db.connect()]);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = '';
  try {
    for (;;) {
      const events = Number((await db.query(`SELECT count(*) AS n FROM event_store.events`)).rows[0].n);
      const published = Number(
        (await db.query(`SELECT coalesce(sum(events_published), 0) AS n FROM transport.relay_checkpoints`)).rows[0].n,
      );
      let ends: Array<{ partition: number; high: string }> = [];
      try {
        ends = await admin.fetchTopicOffsets(options.topic);
      } catch {
        // broker not reachable right now: try again
      }
      const { rows } = await db.query<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset::text FROM transport.consumer_offsets WHERE group_id = $1 AND topic = $2`,
        [options.groupId, options.topic],
      );
      const applied = new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
      const messages = ends.reduce((sum, p) => sum + Number(p.high), 0);
      const caughtUp =
        ends.length > 0 && published >= events && ends.every((p) => (applied.get(p.partition) ?? 0n) >= BigInt(p.high));
      if (caughtUp) return { events, messages };
      last = JSON.stringify({ events, published, ends, applied: rows });
      if (Date.now() > deadline) throw new Error(`Kafka consumers did not catch up: ${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
    await db.end();
  }
}
