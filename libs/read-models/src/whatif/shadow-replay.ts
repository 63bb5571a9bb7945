import type { DataSource } from 'typeorm';
import type { EventStore } from '@crm/event-store';
import { createCustomerValueProjection } from '../value/customer-value.projection';
import { whatIfRuns } from './whatif-runs.repository';
import type { WhatIfRun } from './whatif-run';

/** One batch replayed: where the shadow now stands. */
export interface ReplayBatchProgress {
  runId: number;
  position: string;
  eventsRead: number;
  eventsTotal: number | null;
  /** Events of this replay call (not counting earlier ones of a resumed run). */
  eventsThisCall: number;
}

export interface ReplayOptions {
  batchSize: number;
  onBatch?: (progress: ReplayBatchProgress) => void;
  /** Asked before each batch; true stops the replay (the run stays `running`, resumable). */
  shouldStop?: () => boolean;
}

/**
 * `completed`: caught up with the log. `stopped`: asked to stop, or the run is no longer running
 * (dropped meanwhile). `superseded`: another replayer moved the run's position.
 */
export type ReplayOutcome = 'completed' | 'stopped' | 'superseded';

/** The run's position moved under this replayer: another one replays the same run. */
export class ReplaySupersededError extends Error {
  override readonly name = 'ReplaySupersededError';
}

/**
 * Replays the whole global log into a run's shadow schema: `readAll` in batches from the run's
 * position (the start of the log for a new run), each batch applied by the customer-value
 * projection bound to the shadow schema, with the candidate policy fixed (SegmentationPolicyChanged
 * events of the log are skipped), in one transaction that also advances the run's position (the
 * shadow's checkpoint). The run row is locked first, so a drop waits for the batch in flight and
 * the next batch sees the run dropped; a run resumed from the same position by two replayers has
 * one of them stopped. Nothing is written to read_models but the run row.
 */
export async function replayIntoShadow(
  dataSource: DataSource,
  store: EventStore,
  run: WhatIfRun,
  options: ReplayOptions,
): Promise<ReplayOutcome> {
  const projection = createCustomerValueProjection({ schema: run.schema, policy: 'fixed' });
  // A shadow made before the set-based functions existed (a run resumed across an upgrade) replays
  // event by event.
  const [{ batch }] = await dataSource.query<Array<{ batch: boolean }>>(
    `SELECT to_regproc($1) IS NOT NULL AS batch`,
    [`${run.schema}.value_record_orders`],
  );
  let position = run.position;
  let eventsRead = run.eventsRead;
  let eventsThisCall = 0;
  for (;;) {
    if (options.shouldStop?.()) return 'stopped';
    const started = performance.now();
    const events = await store.readAll(position, options.batchSize);
    if (events.length === 0) {
      await whatIfRuns.finish(dataSource.manager, run.id, { status: 'completed' });
      return 'completed';
    }
    const last = events[events.length - 1]!.logPosition;
    const outcome = await dataSource.transaction(async (db) => {
      const locked = await whatIfRuns.find(db, run.id, { lock: true });
      if (!locked || locked.status !== 'running') return 'stopped' as const;
      if (locked.position !== position)
        throw new ReplaySupersededError(`run ${run.id} moved to ${locked.position}`);
      const handled = events.filter((e) => projection.handles.has(e.type));
      if (batch && handled.length > 0) await projection.applyBatch!(handled, db);
      else for (const event of handled) await projection.apply(event, db);
      const applied = handled.length;
      await whatIfRuns.advance(db, run.id, {
        position: last,
        read: events.length,
        applied,
        ms: performance.now() - started,
      });
      return 'applied' as const;
    });
    if (outcome === 'stopped') return 'stopped';
    position = last;
    eventsRead += events.length;
    eventsThisCall += events.length;
    options.onBatch?.({ runId: run.id, position, eventsRead, eventsTotal: run.eventsTotal, eventsThisCall });
  }
}
