import type { Actor, SegmentationPolicy } from '@crm/events';
import type { SqlExecutor } from '../projection/projection';
import type { WhatIfPolicyChange, WhatIfRun, WhatIfStatus } from './whatif-run';

interface RunRow {
  id: string;
  schema_name: string;
  label: string | null;
  candidate: SegmentationPolicy;
  status: WhatIfStatus;
  position: string | null;
  events_read: string;
  events_applied: string;
  events_total: string | null;
  active_ms: string;
  started_at: Date;
  started_by: Actor;
  updated_at: Date;
  finished_at: Date | null;
  error: string | null;
  promoted_version: number | null;
  promoted_position: string | null;
  promoted_at: Date | null;
  promoted_by: Actor | null;
  previous_version: number | null;
  previous_policy: SegmentationPolicy | null;
  rolled_back_version: number | null;
  rolled_back_position: string | null;
  rolled_back_at: Date | null;
  rolled_back_by: Actor | null;
  dropped_at: Date | null;
}

const change = (
  version: number | null,
  position: string | null,
  at: Date | null,
  by: Actor | null,
): WhatIfPolicyChange | null =>
  version === null || position === null || at === null || by === null ? null : { version, position, at, by };

const toRun = (r: RunRow): WhatIfRun => {
  const promoted = change(r.promoted_version, r.promoted_position, r.promoted_at, r.promoted_by);
  return {
    id: Number(r.id),
    schema: r.schema_name,
    label: r.label,
    candidate: r.candidate,
    status: r.status,
    position: r.position,
    eventsRead: Number(r.events_read),
    eventsApplied: Number(r.events_applied),
    eventsTotal: r.events_total === null ? null : Number(r.events_total),
    activeMs: Number(r.active_ms),
    startedAt: r.started_at,
    startedBy: r.started_by,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    error: r.error,
    promotion:
      promoted && r.previous_version !== null && r.previous_policy !== null
        ? {
            ...promoted,
            previousVersion: r.previous_version,
            previousPolicy: r.previous_policy,
            rollback: change(
              r.rolled_back_version,
              r.rolled_back_position,
              r.rolled_back_at,
              r.rolled_back_by,
            ),
          }
        : null,
    droppedAt: r.dropped_at,
  };
};

const T = 'read_models.whatif_runs';

/** Reads and writes read_models.whatif_runs (inside the caller's transaction when given one). */
export const whatIfRuns = {
  /** A new run, `running`, its shadow schema named after its id. */
  async insert(
    db: SqlExecutor,
    run: {
      candidate: SegmentationPolicy;
      label: string | null;
      startedBy: Actor;
      eventsTotal: number | null;
    },
  ): Promise<WhatIfRun> {
    const [inserted] = await db.query<Array<{ id: string }>>(
      `INSERT INTO ${T} (candidate, label, status, started_by, events_total)
       VALUES ($1::jsonb, $2, 'running', $3::jsonb, $4) RETURNING id`,
      [JSON.stringify(run.candidate), run.label, JSON.stringify(run.startedBy), run.eventsTotal],
    );
    // A SELECT around the UPDATE, so that the driver answers rows (not [rows, count]).
    const rows = await db.query<RunRow[]>(
      `WITH u AS (UPDATE ${T} SET schema_name = 'whatif_' || id WHERE id = $1 RETURNING *) SELECT * FROM u`,
      [inserted!.id],
    );
    return toRun(rows[0]!);
  },

  async find(db: SqlExecutor, id: number, options: { lock?: boolean } = {}): Promise<WhatIfRun | null> {
    const rows = await db.query<RunRow[]>(
      `SELECT * FROM ${T} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toRun(rows[0]) : null;
  },

  async list(db: SqlExecutor, limit: number): Promise<WhatIfRun[]> {
    const rows = await db.query<RunRow[]>(`SELECT * FROM ${T} ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(toRun);
  },

  /** One replayed batch: the new position and counts (the checkpoint of the shadow). */
  async advance(
    db: SqlExecutor,
    id: number,
    batch: { position: string; read: number; applied: number; ms: number },
  ): Promise<void> {
    await db.query(
      `UPDATE ${T} SET position = $2, events_read = events_read + $3, events_applied = events_applied + $4,
         active_ms = active_ms + $5, updated_at = now()
       WHERE id = $1`,
      [id, batch.position, batch.read, batch.applied, Math.round(batch.ms)],
    );
  },

  /** `running` again (a resume), with a fresh estimate of the log size. */
  async restart(db: SqlExecutor, id: number, eventsTotal: number | null): Promise<void> {
    await db.query(
      `UPDATE ${T} SET status = 'running', error = NULL, finished_at = NULL, events_total = $2, updated_at = now()
       WHERE id = $1`,
      [id, eventsTotal],
    );
  },

  /** Ends a running replay (completed or failed); a run dropped meanwhile stays dropped. */
  async finish(
    db: SqlExecutor,
    id: number,
    outcome: { status: 'completed' | 'failed'; error?: string },
  ): Promise<void> {
    await db.query(
      `UPDATE ${T} SET status = $2, error = $3, finished_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'running'`,
      [id, outcome.status, outcome.error ?? null],
    );
  },

  async promoted(
    db: SqlExecutor,
    id: number,
    p: WhatIfPolicyChange & { previousVersion: number; previousPolicy: SegmentationPolicy },
  ): Promise<void> {
    await db.query(
      `UPDATE ${T} SET promoted_version = $2, promoted_position = $3, promoted_at = $4, promoted_by = $5::jsonb,
         previous_version = $6, previous_policy = $7::jsonb, rolled_back_version = NULL,
         rolled_back_position = NULL, rolled_back_at = NULL, rolled_back_by = NULL, updated_at = now()
       WHERE id = $1`,
      [
        id,
        p.version,
        p.position,
        p.at,
        JSON.stringify(p.by),
        p.previousVersion,
        JSON.stringify(p.previousPolicy),
      ],
    );
  },

  async rolledBack(db: SqlExecutor, id: number, p: WhatIfPolicyChange): Promise<void> {
    await db.query(
      `UPDATE ${T} SET rolled_back_version = $2, rolled_back_position = $3, rolled_back_at = $4,
         rolled_back_by = $5::jsonb, updated_at = now()
       WHERE id = $1`,
      [id, p.version, p.position, p.at, JSON.stringify(p.by)],
    );
  },

  async dropped(db: SqlExecutor, id: number): Promise<void> {
    await db.query(
      `UPDATE ${T} SET status = 'dropped', dropped_at = now(), updated_at = now() WHERE id = $1`,
      [id],
    );
  },
};
