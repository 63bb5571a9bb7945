import type { DataSource } from 'typeorm';
import type { LogEvent } from '@crm/event-store';
import { checkpointKey, type Projection, type SqlExecutor } from './projection';

export interface BatchOutcome {
  applied: number;
  lastPosition: string;
}

/**
 * Applies batches of log events to a set of projections. Each batch runs in one transaction that
 * also moves every projection's checkpoint; the checkpoint rows are locked first, so two projector
 * instances on one database never apply an event twice.
 */
export class ProjectionEngine {
  constructor(
    private readonly dataSource: DataSource,
    readonly projections: Projection[],
    private readonly comparePositions: (a: string, b: string) => number,
  ) {}

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
      `SELECT projection, log_position FROM read_models.projection_checkpoints WHERE projection = ANY($1)`,
      [this.projections.map(checkpointKey)],
    );
    return new Map(rows.map((r) => [r.projection, r.log_position]));
  }

  /**
   * Applies events to every projection that handles them inside the caller's transaction, without
   * log-position checkpoints: for transports that keep their own offsets in the same transaction
   * (Kafka partitions interleave the global log, so a log position is no checkpoint there).
   */
  async applyWithin(db: SqlExecutor, events: LogEvent[]): Promise<number> {
    let applied = 0;
    for (const projection of this.projections) {
      for (const event of events) {
        if (!projection.handles.has(event.type)) continue;
        await projection.apply(event, db);
        applied++;
      }
    }
    return applied;
  }

  async applyBatch(events: LogEvent[]): Promise<BatchOutcome> {
    if (events.length === 0) throw new Error('applyBatch needs at least one event');
    const lastPosition = events[events.length - 1]!.logPosition;
    const keys = this.projections.map(checkpointKey);
    return this.dataSource.transaction(async (db) => {
      await db.query(
        `INSERT INTO read_models.projection_checkpoints (projection, log_position)
         SELECT unnest($1::text[]), '' ON CONFLICT (projection) DO NOTHING`,
        [keys],
      );
      const rows: Array<{ projection: string; log_position: string }> = await db.query(
        `SELECT projection, log_position FROM read_models.projection_checkpoints
         WHERE projection = ANY($1) ORDER BY projection FOR UPDATE`,
        [keys],
      );
      const locked = new Map(rows.map((r) => [r.projection, r.log_position || null]));
      let applied = 0;
      for (const projection of this.projections) {
        const checkpoint = locked.get(checkpointKey(projection)) ?? null;
        let count = 0;
        for (const event of events) {
          if (checkpoint !== null && this.comparePositions(event.logPosition, checkpoint) <= 0) continue;
          if (projection.handles.has(event.type)) await projection.apply(event, db);
          count++;
        }
        if (count === 0) continue;
        applied += count;
        await db.query(
          `UPDATE read_models.projection_checkpoints
           SET log_position = $2, events_applied = events_applied + $3, updated_at = now()
           WHERE projection = $1`,
          [checkpointKey(projection), lastPosition, count],
        );
      }
      return { applied, lastPosition };
    });
  }
}
