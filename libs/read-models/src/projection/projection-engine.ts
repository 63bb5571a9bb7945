import type { DataSource } from 'typeorm';
import type { LogEvent } from '@crm/event-store';
import { isTransientError, recordDeadLetter, type DeadLetter } from './dead-letter';
import { checkpointKey, LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from './projection';

export type { DeadLetter } from './dead-letter';

/**
 * What happens when a projection cannot apply an event. `skip`: the event goes to the dead letters
 * and the projection continues after it. `stop`: the event goes to the dead letters and the
 * projection stops before it (the others continue); the engine skips it until it is restarted.
 * Without a policy the batch fails (rolled back, checkpoints included) and the error is thrown.
 */
export type ProjectionErrorPolicy = 'skip' | 'stop';

export interface ProjectionEngineOptions {
  onError?: ProjectionErrorPolicy;
  /**
   * Schema of the projection_checkpoints table (default read_models). A side-by-side rebuild keeps
   * its checkpoint in its build schema, so that it moves with its tables.
   */
  checkpointSchema?: string;
  /**
   * false: batches commit without waiting for the WAL flush. A database crash loses the last
   * batches and their checkpoints together, and they are applied again (readers may meanwhile see
   * the read models step back); nothing is ever half applied.
   */
  synchronousCommit?: boolean;
  /**
   * Fewest events of a projection in a batch for its set-based `applyBatch` (default
   * DEFAULT_BATCH_ROUTE_FROM); fewer are applied one by one.
   */
  batchRouteFrom?: number;
  /**
   * Transactions applying a batch at once (default 1), each on its own connection with its own
   * share of the projections (spread by `weight`) and their checkpoints. Projections own their
   * tables, so their shares commute; a share that fails rolls back alone and is applied again
   * with the next attempt, from its own checkpoints.
   */
  parallelism?: number;
}

/**
 * Below this many events, one statement per event (plans cached per connection) answered sooner
 * than the set-based statements, which are planned for each call: the live tail of the log comes
 * in batches of a few events, a catch-up or rebuild in batches of a thousand.
 */
export const DEFAULT_BATCH_ROUTE_FROM = 32;

export interface BatchOutcome {
  applied: number;
  lastPosition: string;
  /** Events a projection could not apply in this batch (recorded in the dead letters). */
  deadLettered: DeadLetter[];
}

/** How far one projection got through its part of a batch. */
interface Progress {
  /** Events passed (applied, not handled, or dead-lettered and skipped). */
  passed: number;
  /** Position of the last event passed (null: none). */
  through: string | null;
  deadLettered: DeadLetter[];
  /** Stop policy: the event the projection stopped at, and its error. */
  stoppedBy?: { event: LogEvent; error: unknown };
}

/** Events a projection handles, in log order: at once when it can and they are many, else one by one. */
const applyEvents = async (
  projection: Projection,
  events: LogEvent[],
  db: SqlExecutor,
  batchRouteFrom: number,
): Promise<void> => {
  if (events.length === 0) return;
  if (projection.applyBatch && events.length >= batchRouteFrom) return projection.applyBatch(events, db);
  for (const event of events) await projection.apply(event, db);
};

/**
 * Projections in `lanes` shares of about equal weight, heaviest first (longest processing time
 * first); ties go by checkpoint key, so every projector instance makes the same shares.
 */
export const spreadProjections = (projections: readonly Projection[], lanes: number): Projection[][] => {
  const shares = Array.from({ length: Math.max(1, Math.min(lanes, projections.length)) }, () => ({
    weight: 0,
    projections: [] as Projection[],
  }));
  const heaviestFirst = [...projections].sort(
    (a, b) => (b.weight ?? 1) - (a.weight ?? 1) || checkpointKey(a).localeCompare(checkpointKey(b)),
  );
  for (const projection of heaviestFirst) {
    const lightest = shares.reduce((min, share) => (share.weight < min.weight ? share : min));
    lightest.projections.push(projection);
    lightest.weight += projection.weight ?? 1;
  }
  return shares.map((share) => share.projections).filter((share) => share.length > 0);
};

/**
 * Applies batches of log events to a set of projections. Each batch runs in one transaction (or
 * one per share, see `parallelism`) that also moves its projections' checkpoints; the checkpoint
 * rows are locked first, so two projector instances on one database never apply an event twice.
 *
 * With an error policy, each projection's part of a batch runs under a savepoint; if it fails, it
 * is rolled back and applied again one event per savepoint, so that an event that fails rolls back
 * only itself and is recorded as a dead letter in the same transaction as the checkpoint.
 * Transient errors (connection, deadlock, serialization) still fail the whole batch.
 */
export class ProjectionEngine {
  /** Stop policy: projections stopped at a dead letter (checkpoint key → the dead letter). */
  readonly halted = new Map<string, DeadLetter>();
  /** The checkpoint table, schema-qualified. */
  private readonly checkpointTable: string;
  private readonly batchRouteFrom: number;
  /** The projections of each concurrent transaction (one share unless `parallelism` > 1). */
  readonly shares: Projection[][];

  constructor(
    private readonly dataSource: DataSource,
    readonly projections: Projection[],
    private readonly comparePositions: (a: string, b: string) => number,
    private readonly options: ProjectionEngineOptions = {},
  ) {
    this.checkpointTable = `${sqlSchema(options.checkpointSchema ?? LIVE_SCHEMA)}.projection_checkpoints`;
    this.batchRouteFrom = options.batchRouteFrom ?? DEFAULT_BATCH_ROUTE_FROM;
    this.shares = spreadProjections(projections, options.parallelism ?? 1);
  }

  /** Where a subscription must start so that no projection misses an event (null: the beginning). */
  async startPosition(): Promise<string | null> {
    const checkpoints = await this.checkpoints();
    let start: string | undefined;
    for (const p of this.projections) {
      const cp = checkpoints.get(checkpointKey(p));
      if (!cp) return null;
      if (start === undefined || this.comparePositions(cp, start) < 0) start = cp;
    }
    return start ?? null;
  }

  async checkpoints(): Promise<Map<string, string>> {
    const rows: Array<{ projection: string; log_position: string }> = await this.dataSource.query(
      `SELECT projection, log_position FROM ${this.checkpointTable} WHERE projection = ANY($1)`,
      [this.projections.map(checkpointKey)],
    );
    return new Map(rows.map((r) => [r.projection, r.log_position]));
  }

  /**
   * Applies events to every projection that handles them inside the caller's transaction, without
   * log-position checkpoints: for transports that keep their own offsets in the same transaction
   * (Kafka partitions interleave the global log, so a log position is no checkpoint there).
   * Skip policy: a failing event is dead-lettered in the caller's transaction. Stop policy: it is
   * dead-lettered on its own (the caller's transaction is rolled back) and the error is thrown, so
   * the transport delivers the batch again.
   */
  async applyWithin(db: SqlExecutor, events: LogEvent[]): Promise<number> {
    let applied = 0;
    for (const projection of this.projections) {
      const handled = events.filter((e) => projection.handles.has(e.type));
      if (handled.length === 0) continue;
      if (!this.options.onError) {
        await applyEvents(projection, handled, db, this.batchRouteFrom);
        applied += handled.length;
        continue;
      }
      // Stop: the caller's transaction will roll back, so the dead letter is written on its own.
      const stop = this.options.onError === 'stop';
      const progress = await this.applyGuarded(
        db,
        projection,
        handled,
        this.options.onError,
        stop ? this.dataSource : db,
      );
      applied += progress.passed - progress.deadLettered.length;
      if (progress.stoppedBy) throw progress.stoppedBy.error;
    }
    return applied;
  }

  async applyBatch(events: LogEvent[]): Promise<BatchOutcome> {
    if (events.length === 0) throw new Error('applyBatch needs at least one event');
    const inTransaction = (projections: Projection[]) =>
      this.dataSource.transaction(async (db) => {
        await this.prepareTransaction(db);
        return this.applyShare(db, projections, events);
      });
    if (this.shares.length <= 1) return inTransaction(this.projections);
    // Every share settles before the batch fails, so no transaction is left running behind it.
    const settled = await Promise.allSettled(this.shares.map(inTransaction));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const outcomes = settled.map((s) => (s as PromiseFulfilledResult<BatchOutcome>).value);
    return {
      applied: outcomes.reduce((sum, o) => sum + o.applied, 0),
      lastPosition: outcomes[0]!.lastPosition,
      deadLettered: outcomes.flatMap((o) => o.deadLettered),
    };
  }

  /**
   * Gives a transaction that will apply a batch the engine's settings (`synchronousCommit`): for
   * callers that open the transaction themselves (the Kafka consumer, with its offsets).
   */
  async prepareTransaction(db: SqlExecutor): Promise<void> {
    if (this.options.synchronousCommit === false) await db.query('SET LOCAL synchronous_commit = off');
  }

  /** applyBatch inside the caller's transaction (a rebuild's switch applies its last events so). */
  async applyBatchWithin(db: SqlExecutor, events: LogEvent[]): Promise<BatchOutcome> {
    return this.applyShare(db, this.projections, events);
  }

  private async applyShare(
    db: SqlExecutor,
    projections: Projection[],
    events: LogEvent[],
  ): Promise<BatchOutcome> {
    if (events.length === 0) throw new Error('applyBatch needs at least one event');
    const lastPosition = events[events.length - 1]!.logPosition;
    const keys = projections.map(checkpointKey);
    await db.query(
      `INSERT INTO ${this.checkpointTable} (projection, log_position)
       SELECT unnest($1::text[]), '' ON CONFLICT (projection) DO NOTHING`,
      [keys],
    );
    const rows: Array<{ projection: string; log_position: string }> = await db.query(
      `SELECT projection, log_position FROM ${this.checkpointTable}
       WHERE projection = ANY($1) ORDER BY projection FOR UPDATE`,
      [keys],
    );
    const locked = new Map(rows.map((r) => [r.projection, r.log_position || null]));
    let applied = 0;
    const deadLettered: DeadLetter[] = [];
    for (const projection of projections) {
      const key = checkpointKey(projection);
      if (this.halted.has(key)) continue;
      const checkpoint = locked.get(key) ?? null;
      const pending = events.filter(
        (e) => checkpoint === null || this.comparePositions(e.logPosition, checkpoint) > 0,
      );
      if (pending.length === 0) continue;
      const progress = this.options.onError
        ? await this.applyGuarded(db, projection, pending, this.options.onError)
        : await this.applyAll(db, projection, pending);
      deadLettered.push(...progress.deadLettered);
      if (progress.stoppedBy) this.halted.set(key, progress.deadLettered[progress.deadLettered.length - 1]!);
      if (progress.passed === 0) continue;
      applied += progress.passed;
      await db.query(
        `UPDATE ${this.checkpointTable}
         SET log_position = $2, events_applied = events_applied + $3, updated_at = now()
         WHERE projection = $1`,
        [key, progress.through, progress.passed],
      );
    }
    return { applied, lastPosition, deadLettered };
  }

  private async applyAll(db: SqlExecutor, projection: Projection, events: LogEvent[]): Promise<Progress> {
    await applyEvents(
      projection,
      events.filter((e) => projection.handles.has(e.type)),
      db,
      this.batchRouteFrom,
    );
    return { passed: events.length, through: events[events.length - 1]!.logPosition, deadLettered: [] };
  }

  /**
   * The whole part under one savepoint (the common case costs two statements); on a failure, rolled
   * back and applied again event by event, each under its own savepoint.
   */
  private async applyGuarded(
    db: SqlExecutor,
    projection: Projection,
    events: LogEvent[],
    policy: ProjectionErrorPolicy,
    /** Where dead letters are written: the batch's transaction, unless told otherwise. */
    deadLetters: SqlExecutor = db,
  ): Promise<Progress> {
    await db.query('SAVEPOINT projection_part');
    try {
      const progress = await this.applyAll(db, projection, events);
      await db.query('RELEASE SAVEPOINT projection_part');
      return progress;
    } catch (error) {
      if (isTransientError(error)) throw error;
      await db.query('ROLLBACK TO SAVEPOINT projection_part');
      await db.query('RELEASE SAVEPOINT projection_part');
    }
    const key = checkpointKey(projection);
    const progress: Progress = { passed: 0, through: null, deadLettered: [] };
    for (const event of events) {
      if (projection.handles.has(event.type)) {
        await db.query('SAVEPOINT projection_event');
        try {
          await projection.apply(event, db);
          await db.query('RELEASE SAVEPOINT projection_event');
        } catch (error) {
          if (isTransientError(error)) throw error;
          await db.query('ROLLBACK TO SAVEPOINT projection_event');
          await db.query('RELEASE SAVEPOINT projection_event');
          progress.deadLettered.push(await recordDeadLetter(deadLetters, key, event, error));
          if (policy === 'stop') return { ...progress, stoppedBy: { event, error } };
        }
      }
      progress.passed++;
      progress.through = event.logPosition;
    }
    return progress;
  }
}
