import { DataSource } from 'typeorm';
import type { EventStore, Subscription } from '@crm/event-store';
import { createEventStore } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, type Projection } from '@crm/read-models';
import type { ProjectorConfig } from './config/projector.config';

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Follows the global log from the projections' checkpoints and applies it in batches. A failed batch
 * rolls back (checkpoint included) and is tried again after a delay.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private engine!: ProjectionEngine;
  private readonly store: EventStore;
  private readonly dataSource: DataSource;
  applied = 0;

  constructor(
    private readonly config: ProjectorConfig,
    private readonly logger: ProjectorLogger,
    private readonly projections: Projection[] = ALL_PROJECTIONS,
  ) {
    this.store = createEventStore({
      databaseUrl: config.DATABASE_URL,
      eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
      pollIntervalMs: config.PROJECTOR_POLL_INTERVAL_MS,
    });
    this.dataSource = new DataSource({ type: 'postgres', url: config.DATABASE_URL, logging: false });
  }

  async start(): Promise<void> {
    await this.dataSource.initialize();
    this.engine = new ProjectionEngine(this.dataSource, this.projections, (a, b) =>
      this.store.comparePositions(a, b),
    );
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const from = await this.engine.startPosition();
        this.subscription = this.store.subscribeToAll({
          from,
          batchSize: this.config.PROJECTOR_BATCH_SIZE,
          onBatch: async (events) => {
            const outcome = await this.engine.applyBatch(events);
            this.applied += outcome.applied;
          },
        });
        await this.subscription.done;
      } catch (error) {
        if (this.stopped) break;
        this.logger.error(
          `projection batch failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((r) => setTimeout(r, this.config.PROJECTOR_RETRY_DELAY_MS));
      }
    }
  }

  /** Finishes the batch in progress, then closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.running;
    await this.store.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
