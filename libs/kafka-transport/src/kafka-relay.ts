import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { EventStore, Subscription } from '@crm/event-store';
import { toMessage } from './event-message';
import { ensureTopic, type KafkaTransportOptions } from './kafka-options';

export interface RelayLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Publishes the global log to Kafka: reads `$all` from its checkpoint, sends each batch with an
 * idempotent producer (acks from all in-sync replicas) keyed by stream id, and advances the
 * checkpoint only after the broker acknowledged. After a failure it resends from the checkpoint:
 * delivery is at least once, and consumers drop what they have already applied.
 */
export class KafkaRelay {
  private producer: Producer | null = null;
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
        const producer = this.producer;
        this.subscription = this.store.subscribeToAll({
          from: await this.checkpoint(),
          batchSize: this.options.batchSize ?? 500,
          onBatch: async (events) => {
            await producer.send({ topic: this.options.topic, acks: -1, messages: events.map(toMessage) });
            const last = events[events.length - 1]!;
            await this.db.query(
              `INSERT INTO transport.relay_checkpoints (relay, log_position, events_published)
               VALUES ($1, $2, $3)
               ON CONFLICT (relay) DO UPDATE SET log_position = excluded.log_position,
                 events_published = transport.relay_checkpoints.events_published + excluded.events_published,
                 updated_at = now()`,
              [this.name, last.logPosition, events.length],
            );
            this.published += events.length;
          },
        });
        await this.subscription.done;
      } catch (error) {
        if (this.stopped) break;
        this.logger.error(`relay batch failed, resending from the checkpoint: ${error instanceof Error ? error.message : String(error)}`);
        await this.producer?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 1000));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.running;
    await this.producer?.disconnect().catch(() => undefined);
  }
}
