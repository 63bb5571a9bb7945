import { DataSource } from 'typeorm';
import type { EventStore, Subscription } from '@crm/event-store';
import { createEventStore } from '@crm/event-store';
import {
  ALL_PROJECTIONS,
  checkpointKey,
  dropBuilds,
  dropRetiredVersions,
  inspectVersion,
  ProjectionEngine,
  rebuildProjection,
  type Projection,
  type RebuildProgress,
} from '@crm/read-models';
import { engineOptions, type ProjectorConfig } from './config/projector.config';

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

/** `running`: following the log; `retrying`: the last batch (or the start) failed and is retried. */
export type ProjectorState = 'starting' | 'running' | 'retrying' | 'stopped';

/** Progress logs of a rebuild: at most one per this interval (and the last one). */
const REBUILD_LOG_INTERVAL_MS = 5000;

/**
 * Follows the global log from the projections' checkpoints and applies it in batches. A failed batch
 * rolls back (checkpoint included) and is tried again after a delay. An event a projection cannot
 * apply goes to the dead letters (PROJECTOR_ON_ERROR: the projection skips it, or stops before it).
 *
 * A projection whose version changed is rebuilt side by side (its build schema), one at a time,
 * while the others follow the log; once switched in, it joins them (the subscription restarts
 * from the lowest checkpoint). See projection-rebuild.ts in @crm/read-models.
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
  /** The projections that follow the log (the others are being rebuilt). */
  private live: Projection[] = [];
  /** Set when a rebuilt projection joins: the loop makes a new engine before subscribing again. */
  private liveChanged = false;
  private rebuilding: Promise<void> | null = null;
  /** Rebuilds in progress or done since the start, by checkpoint key. */
  readonly rebuilds = new Map<string, RebuildProgress>();

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
    await this.dropExpiredRetired();
    const rebuild: Projection[] = [];
    for (const projection of this.projections) {
      const plan = await inspectVersion(this.dataSource, projection);
      await dropBuilds(this.dataSource, projection.name, plan.dropBuilds);
      if (plan.action === 'rebuild') rebuild.push(projection);
      else this.live.push(projection);
      if (plan.action === 'in-place')
        this.logger.error(
          `projection ${checkpointKey(projection)} declares no tables: it replays in place over ` +
            `version ${plan.replaces ?? 'unknown'}'s rows`,
        );
    }
    this.engine = this.createEngine(this.live);
    this.running = this.loop();
    if (rebuild.length > 0) this.rebuilding = this.rebuildAll(rebuild);
  }

  private createEngine(projections: Projection[]): ProjectionEngine {
    return new ProjectionEngine(
      this.dataSource,
      projections,
      (a, b) => this.store.comparePositions(a, b),
      engineOptions(this.config),
    );
  }

  /** Rebuilds one projection after the other; a failed attempt is planned again after a delay. */
  private async rebuildAll(projections: Projection[]): Promise<void> {
    for (const projection of projections) {
      while (!this.stopped) {
        try {
          const plan = await inspectVersion(this.dataSource, projection);
          if (plan.action === 'rebuild') {
            this.logger.log(
              `projection ${checkpointKey(projection)}: rebuilding side by side (${plan.start}), ` +
                `readers keep version ${plan.replaces ?? 'unknown'}`,
            );
            const outcome = await rebuildProjection(this.dataSource, this.store, projection, plan, {
              batchSize: this.config.PROJECTOR_REBUILD_BATCH_SIZE,
              onError: this.config.PROJECTOR_ON_ERROR,
              lockTimeoutMs: this.config.PROJECTOR_SWITCH_LOCK_TIMEOUT_MS,
              shouldStop: () => this.stopped,
              onProgress: this.rebuildLogger(),
            });
            if (outcome === 'stopped') return;
            await this.dropExpiredRetired();
          }
          await this.join(projection);
          break;
        } catch (error) {
          if (this.stopped) return;
          const message = error instanceof Error ? error.message : String(error);
          this.logger.error(`projection ${checkpointKey(projection)}: rebuild failed, retrying: ${message}`);
          await new Promise((r) => setTimeout(r, this.config.PROJECTOR_RETRY_DELAY_MS));
        }
      }
    }
  }

  /** Records a rebuild's progress and logs it (events/s, position) every few seconds. */
  private rebuildLogger(): (progress: RebuildProgress) => void {
    let loggedAt = 0;
    return (progress) => {
      const key = checkpointKey({ name: progress.projection, version: progress.version });
      this.rebuilds.set(key, progress);
      const now = Date.now();
      if (progress.state === 'building' && now - loggedAt < REBUILD_LOG_INTERVAL_MS) return;
      loggedAt = now;
      this.logger.log(
        progress.state === 'switched'
          ? `projection ${key}: switched in at ${progress.position ?? 'the start'} ` +
              `(${progress.eventsApplied} events rebuilt); the replaced version is retired`
          : `projection ${key}: rebuild ${progress.state}, ${progress.eventsApplied} events, ` +
              `at ${progress.position ?? 'the start'}, ${progress.eventsPerSecond} events/s`,
      );
    };
  }

  /** A switched-in projection follows the log with the others from now on. */
  private async join(projection: Projection): Promise<void> {
    this.live = [...this.live, projection];
    this.liveChanged = true;
    await this.subscription?.stop();
  }

  private async dropExpiredRetired(): Promise<void> {
    const hours = this.config.PROJECTOR_RETIRED_RETENTION_HOURS;
    if (hours === 0) return;
    const dropped = await dropRetiredVersions(this.dataSource, {
      before: new Date(Date.now() - hours * 3_600_000),
    });
    for (const r of dropped)
      this.logger.log(`retired projection ${r.projection}@v${r.version} dropped (retained ${hours} h)`);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.liveChanged) {
          const previous = this.engine;
          this.engine = this.createEngine(this.live);
          for (const [key, dead] of previous.halted) this.engine.halted.set(key, dead);
          this.liveChanged = false;
        }
        if (this.engine.projections.length === 0) {
          // Every projection is being rebuilt: nothing follows the log until one is switched in.
          this.state = 'running';
          await new Promise((r) => setTimeout(r, this.config.PROJECTOR_POLL_INTERVAL_MS));
          continue;
        }
        const from = await this.engine.startPosition();
        // A projection joined meanwhile: start again from its checkpoint too.
        if (this.liveChanged) continue;
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
    await this.rebuilding;
    await this.store.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
