import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { EventStore, Subscription } from '@crm/event-store';
import { toMessage } from './event-message';
import { ensureTopic, type KafkaTransportOptions } from './kafka-options';
import { positionKeySql, RELAY_MARK_RETENTION } from './kafka-visibility';

/** Prune old relay marks once every this many batches. */
const PRUNE_EVERY = 200;

export interface RelayLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Publishes the global log to Kafka: reads `$all` from its checkpoint, sends each batch with an
 * idempotent producer (acks from all in-sync replicas) keyed by stream id, and advances the
 * checkpoint only after the broker acknowledged. After a failure it resends from the checkpoint:
 * delivery is at least once, and consumers drop what they have already applied.
 *
 * With each checkpoint it records a mark: where the topic's partitions ended after the batch, so
 * that the query API can tell when a consumer group has applied everything up to a log position
 * (read-your-writes through Kafka, see `visibleThroughKafka`).
 */
export class KafkaRelay {
  private producer: Producer | null = null;
  private admin: Admin | null = null;
  private batches = 0;
  private subscription: Subscription | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  published = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly store: EventStore,
    private readonly db: Pool,
    private readonly options: KafkaTransportOptions & { relayName?: string; batchSize?: number; retryDelayMs?: number },
    private readonly logger: RelayLogger,
  ) {}

  private get name(): string {
    return this.options.relayName ?? 'default';
  }

  async start(): Promise<void> {
    await ensureTopic(this.kafka, this.options);
    this.running = this.loop();
  }

  private async checkpoint(): Promise<string | null> {
    const { rows } = await this.db.query<{ log_position: string }>(
      `SELECT log_position FROM transport.relay_checkpoints WHERE relay = $1`,
      [this.name],
    );
    return rows[0]?.log_position ?? null;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await this.producer.connect();
        this.admin = this.kafka.admin();
        await this.admin.connect();
        const producer = this.producer;
        const admin = this.admin;
        this.subscription = this.store.subscribeToAll({
          from: await this.checkpoint(),
          batchSize: this.options.batchSize ?? 500,
          onBatch: async (events) => {
            await producer.send({ topic: this.options.topic, acks: -1, messages: events.map(toMessage) });
            // Acknowledged by all in-sync replicas: the high watermarks include the batch.
            const ends = await admin.fetchTopicOffsets(this.options.topic);
            const nextOffsets = Object.fromEntries(ends.map((p) => [String(p.partition), p.high]));
            const last = events[events.length - 1]!;
            await this.db.query(
              `WITH checkpoint AS (
                 INSERT INTO transport.relay_checkpoints (relay, log_position, events_published)
                 VALUES ($1, $2, $3)
                 ON CONFLICT (relay) DO UPDATE SET log_position = excluded.log_position,
                   events_published = transport.relay_checkpoints.events_published + excluded.events_published,
                   updated_at = now()
               )
               INSERT INTO transport.relay_marks (relay, position_key, log_position, topic, next_offsets)
               VALUES ($1, ${positionKeySql('$2')}, $2, $4, $5::jsonb)
               ON CONFLICT (relay, topic, position_key) DO UPDATE
                 SET next_offsets = excluded.next_offsets, created_at = now()`,
              [this.name, last.logPosition, events.length, this.options.topic, JSON.stringify(nextOffsets)],
            );
            if (++this.batches % PRUNE_EVERY === 0) await this.pruneMarks();
            this.published += events.length;
          },
        });
        await this.subscription.done;
      } catch (error) {
        if (this.stopped) break;
        this.logger.error(`relay batch failed, resending from the checkpoint: ${error instanceof Error ? error.message : String(error)}`);
        await this.producer?.disconnect().catch(() => undefined);
        await this.admin?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 1000));
      }
    }
  }

  /** Drops marks past the retention, always keeping the newest. */
  private async pruneMarks(): Promise<void> {
    await this.db.query(
      `DELETE FROM transport.relay_marks
       WHERE relay = $1 AND topic = $2 AND created_at < now() - interval '${RELAY_MARK_RETENTION}'
         AND position_key < (SELECT max(position_key) FROM transport.relay_marks WHERE relay = $1 AND topic = $2)`,
      [this.name, this.options.topic],
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.running;
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
