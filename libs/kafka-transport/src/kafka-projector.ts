import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { ProjectionEngine } from '@crm/read-models';
import { fromMessage } from './event-message';
import type { KafkaTransportOptions } from './kafka-options';

export interface KafkaProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

interface StoredOffset {
  next_offset: string;
  last_log_position: string | null;
}

/**
 * A projector instance in a consumer group. Each batch of a partition is applied in one PostgreSQL
 * transaction together with that partition's next offset; on assignment the consumer seeks to the
 * stored offsets. A message below the stored offset, or whose log position is not beyond the last
 * one applied from its partition (a resend by the relay), is skipped: every event takes effect once.
 */
export class KafkaProjector {
  private consumer: Consumer | null = null;
  applied = 0;
  /** Partitions of the topic this instance holds since the last rebalance. */
  assignedPartitions: number[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
    private readonly comparePositions: (a: string, b: string) => number,
    private readonly options: KafkaTransportOptions & { groupId: string },
    private readonly logger: KafkaProjectorLogger,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignedPartitions = [...(payload.memberAssignment[this.options.topic] ?? [])].sort(
        (a, b) => a - b,
      );
      void this.seekToStored(payload.memberAssignment).catch((error: unknown) =>
        this.logger.error(`seek to stored offsets failed: ${String(error)}`),
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.applyBatch(payload),
    });
  }

  private async seekToStored(assignment: Record<string, number[]>): Promise<void> {
    const partitions = assignment[this.options.topic] ?? [];
    if (partitions.length === 0) return;
    const rows: Array<{ partition: number; next_offset: string }> = await this.dataSource.query(
      `SELECT partition, next_offset::text FROM transport.consumer_offsets
       WHERE group_id = $1 AND topic = $2 AND partition = ANY($3)`,
      [this.options.groupId, this.options.topic, partitions],
    );
    for (const row of rows) {
      this.consumer?.seek({ topic: this.options.topic, partition: row.partition, offset: row.next_offset });
    }
  }

  private async applyBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const { topic, partition } = batch;
    const lastOffset = batch.messages[batch.messages.length - 1]!.offset;
    await this.dataSource.transaction(async (db) => {
      await this.engine.prepareTransaction(db);
      await db.query(
        `INSERT INTO transport.consumer_offsets (group_id, topic, partition, next_offset)
         VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
        [this.options.groupId, topic, partition],
      );
      const [stored] = (await db.query(
        `SELECT next_offset::text, last_log_position FROM transport.consumer_offsets
         WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
        [this.options.groupId, topic, partition],
      )) as StoredOffset[];
      const nextOffset = BigInt(stored!.next_offset);
      let lastPosition = stored!.last_log_position;
      const events = [];
      for (const message of batch.messages) {
        if (BigInt(message.offset) < nextOffset) continue;
        const event = fromMessage(message);
        if (lastPosition !== null && this.comparePositions(event.logPosition, lastPosition) <= 0) continue;
        events.push(event);
        lastPosition = event.logPosition;
      }
      if (BigInt(lastOffset) < nextOffset) return;
      this.applied += await this.engine.applyWithin(db, events);
      await db.query(
        `UPDATE transport.consumer_offsets SET next_offset = $4, last_log_position = $5, updated_at = now()
         WHERE group_id = $1 AND topic = $2 AND partition = $3`,
        [this.options.groupId, topic, partition, (BigInt(lastOffset) + 1n).toString(), lastPosition],
      );
    });
    resolveOffset(lastOffset);
    await heartbeat();
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
