import { DataSource } from 'typeorm';
import type { EventStore, Subscription } from '@crm/event-store';
import { createEventStore } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, type Projection } from '@crm/read-models';
import type { ProjectorConfig } from './config/projector.config';

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

/** `running`: following the log; `retrying`: the last batch (or the start) failed and is retried. */
export type ProjectorState = 'starting' | 'running' | 'retrying' | 'stopped';

/**
 * Follows the global log from the projections' checkpoints and applies it in batches. A failed batch
 * rolls back (checkpoint included) and is tried again after a delay. An event a projection cannot
 * apply goes to the dead letters (PROJECTOR_ON_ERROR: the projection skips it, or stops before it).
 */
export class Projector {
  private subscription: Subscription | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  engine!: ProjectionEngine;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  applied = 0;
  state: ProjectorState = 'starting';
  /** Why the last batch failed (null once a batch succeeds). */
  lastError: string | null = null;
  /** Failures since the last successful batch. */
  failures = 0;
  private subscribedAt = 0;

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
    this.engine = new ProjectionEngine(
      this.dataSource,
      this.projections,
      (a, b) => this.store.comparePositions(a, b),
      { onError: this.config.PROJECTOR_ON_ERROR },
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
            this.lastError = null;
            this.failures = 0;
            for (const dead of outcome.deadLettered) {
              const action = this.engine.halted.has(dead.projection) ? 'stopped before it' : 'skipped it';
              this.logger.error(
                `projection ${dead.projection} could not apply ${dead.eventType} ${dead.eventId} at ${dead.logPosition} ` +
                  `(dead letter recorded, ${action}): ${dead.error}`,
              );
            }
          },
        });
        this.state = 'running';
        this.subscribedAt = Date.now();
        await this.subscription.done;
      } catch (error) {
        if (this.stopped) break;
        this.state = 'retrying';
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`projection batch failed, retrying: ${this.lastError}`);
        await new Promise((r) => setTimeout(r, this.config.PROJECTOR_RETRY_DELAY_MS));
      }
    }
  }

  /**
   * Whether the projector follows the log: its subscription runs and, after a failure, either a
   * batch succeeded since or the new subscription has read the log for a while without failing.
   */
  get following(): boolean {
    if (this.state !== 'running') return false;
    const settle = Math.max(1000, 2 * this.config.PROJECTOR_POLL_INTERVAL_MS);
    return this.failures === 0 || Date.now() - this.subscribedAt > settle;
  }

  /** Finishes the batch in progress, then closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    await this.subscription?.stop();
    await this.running;
    await this.store.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
