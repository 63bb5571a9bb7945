import type { DataSource, EntityManager } from 'typeorm';
import { streams, type Actor } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import { createCustomerValueProjection } from '../value/customer-value.projection';
import { candidatePolicyOf } from './candidate-policy';
import {
  changeLivePolicy,
  validPolicy,
  type PolicyChangeResult,
  type PolicyCommandContext,
  type PolicyDecider,
} from './policy-change.command';
import { createShadowSchema, dropShadowSchema } from './shadow-schema';
import {
  replayIntoShadow,
  ReplaySupersededError,
  type ReplayOptions,
  type ReplayOutcome,
} from './shadow-replay';
import { compareWithLive, type WhatIfComparison } from './whatif-comparison';
import { whatIfMovers, type MoversPage, type MoversQuery } from './whatif-comparison.query';
import { WhatIfError } from './whatif-error';
import type { WhatIfRun } from './whatif-run';
import { whatIfRuns } from './whatif-runs.repository';

export interface WhatIfDependencies {
  dataSource: DataSource;
  store: EventStore;
  /** segmentationPolicyDecider of @crm/domain. */
  decider: PolicyDecider;
}

/** A policy change made by promote or rollback, with the run as it now stands. */
export interface WhatIfPolicySwitch {
  run: WhatIfRun;
  change: PolicyChangeResult;
}

/** What a shadow applies (the value projection with the policy fixed). */
const SHADOW_EVENTS = createCustomerValueProjection({ policy: 'fixed' }).handles;
const IN_SYNC_SCAN = 1000;

const notFound = (id: number) => new WhatIfError('not_found', 'RUN_NOT_FOUND', `no what-if run ${id}`);

const requireCompleted = (run: WhatIfRun, action: string) => {
  if (run.status !== 'completed')
    throw new WhatIfError(
      'conflict',
      run.status === 'dropped' ? 'RUN_DROPPED' : 'REPLAY_NOT_FINISHED',
      `cannot ${action} run ${run.id}: its replay is ${run.status}`,
    );
};

/**
 * What-if segmentation: a candidate policy replayed over the whole log into a shadow schema
 * (`whatif_<id>`) next to the live read model, compared with it, promoted (appending
 * SegmentationPolicyChanged through the domain decider), rolled back (the previous policy appended
 * again), dropped. The live read model switches when the projector applies the policy event: it
 * stores the policy and recomputes every lifecycle in that one transaction.
 */
export class WhatIf {
  constructor(private readonly deps: WhatIfDependencies) {}

  /**
   * Validates the candidate (a document of the SegmentationPolicyChanged schema, see
   * candidatePolicyOf) with the decider, records the run and builds its empty shadow schema, in
   * one transaction. The replay is started by replay().
   */
  async create(input: { candidate: unknown; label?: string | null; actor: Actor }): Promise<WhatIfRun> {
    const candidate = validPolicy(this.deps.decider, candidatePolicyOf(input.candidate));
    const eventsTotal = await this.logSize();
    return this.deps.dataSource.transaction(async (db: EntityManager) => {
      const run = await whatIfRuns.insert(db, {
        candidate,
        label: input.label ?? null,
        startedBy: input.actor,
        eventsTotal,
      });
      await createShadowSchema(db.queryRunner!, run.schema, candidate);
      return run;
    });
  }

  /** Replays the log into the run's shadow from its position; a failure marks the run failed. */
  async replay(runId: number, options: ReplayOptions): Promise<ReplayOutcome> {
    const run = await this.get(runId);
    if (run.status !== 'running')
      throw new WhatIfError('conflict', 'RUN_NOT_RUNNING', `run ${runId} is ${run.status}, not running`);
    try {
      return await replayIntoShadow(this.deps.dataSource, this.deps.store, run, options);
    } catch (error) {
      if (error instanceof ReplaySupersededError) return 'superseded';
      const message = error instanceof Error ? error.message : String(error);
      await whatIfRuns.finish(this.deps.dataSource.manager, runId, { status: 'failed', error: message });
      throw error;
    }
  }

  /** Makes a failed or interrupted run `running` again; replay() then goes on from its position. */
  async resume(runId: number): Promise<WhatIfRun> {
    const eventsTotal = await this.logSize();
    return this.deps.dataSource.transaction(async (db) => {
      const run = await this.find(db, runId, true);
      if (run.status !== 'failed' && run.status !== 'running')
        throw new WhatIfError('conflict', 'RUN_NOT_RESUMABLE', `run ${runId} is ${run.status}`);
      await whatIfRuns.restart(db, runId, eventsTotal);
      return (await whatIfRuns.find(db, runId))!;
    });
  }

  get(runId: number): Promise<WhatIfRun> {
    return this.find(this.deps.dataSource.manager, runId);
  }

  list(limit = 100): Promise<WhatIfRun[]> {
    return whatIfRuns.list(this.deps.dataSource.manager, limit);
  }

  /** Live against candidate at `asOf`, from one snapshot of both read models. */
  async compare(runId: number, asOf: Date): Promise<WhatIfComparison> {
    const comparison = await this.snapshot(async (db) =>
      compareWithLive(db, await this.comparable(db, runId), asOf),
    );
    return {
      ...comparison,
      inSync: await this.inSync(comparison.candidate.position, comparison.live.position),
    };
  }

  /** The customers whose class or stage differs, a page at a time (same snapshot rules). */
  async movers(runId: number, asOf: Date, query: MoversQuery): Promise<MoversPage> {
    return this.snapshot(async (db) =>
      whatIfMovers(db, (await this.comparable(db, runId)).schema, asOf, query),
    );
  }

  /**
   * The candidate becomes the live policy: SegmentationPolicyChanged appended through the decider.
   * Refused unless the replay completed, and while an earlier promotion of the run is still live.
   */
  async promote(runId: number, ctx: PolicyCommandContext): Promise<WhatIfPolicySwitch> {
    return this.deps.dataSource.transaction(async (db) => {
      const run = await this.find(db, runId, true);
      requireCompleted(run, 'promote');
      if (run.promotion && !run.promotion.rollback && !(await this.appendedBefore(ctx.commandId)))
        throw new WhatIfError(
          'conflict',
          'ALREADY_PROMOTED',
          `run ${runId} is promoted (policy version ${run.promotion.version})`,
        );
      const change = await changeLivePolicy(this.deps.store, this.deps.decider, run.candidate, {
        ...ctx,
        reason: ctx.reason ?? `what-if run ${runId} promoted`,
      });
      if (!change.alreadyAppended)
        await whatIfRuns.promoted(db, runId, {
          version: change.version,
          position: change.logPosition,
          at: new Date(),
          by: ctx.actor,
          previousVersion: change.previousVersion,
          previousPolicy: change.previousPolicy,
        });
      return { run: (await whatIfRuns.find(db, runId))!, change };
    });
  }

  /**
   * The policy the promotion replaced becomes live again (appended as the next version). Refused
   * when the run was not promoted, was rolled back already, or the live policy changed since.
   */
  async rollback(runId: number, ctx: PolicyCommandContext): Promise<WhatIfPolicySwitch> {
    return this.deps.dataSource.transaction(async (db) => {
      const run = await this.find(db, runId, true);
      const promotion = run.promotion;
      if (!promotion) throw new WhatIfError('conflict', 'NOT_PROMOTED', `run ${runId} was never promoted`);
      if (promotion.rollback && !(await this.appendedBefore(ctx.commandId)))
        throw new WhatIfError(
          'conflict',
          'ALREADY_ROLLED_BACK',
          `run ${runId} was rolled back (policy version ${promotion.rollback.version})`,
        );
      const change = await changeLivePolicy(
        this.deps.store,
        this.deps.decider,
        promotion.previousPolicy,
        {
          ...ctx,
          reason:
            ctx.reason ??
            `rollback of what-if run ${runId}: policy version ${promotion.previousVersion} again`,
        },
        (live) => {
          if (live.version !== promotion.version)
            throw new WhatIfError(
              'conflict',
              'POLICY_CHANGED_SINCE',
              `the live policy is version ${live.version}, not the promoted version ${promotion.version}`,
            );
        },
      );
      if (!change.alreadyAppended)
        await whatIfRuns.rolledBack(db, runId, {
          version: change.version,
          position: change.logPosition,
          at: new Date(),
          by: ctx.actor,
        });
      return { run: (await whatIfRuns.find(db, runId))!, change };
    });
  }

  /** Drops the shadow schema (after the batch in flight; a running replay stops). Idempotent. */
  async drop(runId: number): Promise<WhatIfRun> {
    return this.deps.dataSource.transaction(async (db) => {
      const run = await this.find(db, runId, true);
      if (run.status !== 'dropped') {
        await dropShadowSchema(db, run.schema);
        await whatIfRuns.dropped(db, runId);
      }
      return (await whatIfRuns.find(db, runId))!;
    });
  }

  private async find(db: EntityManager, runId: number, lock = false): Promise<WhatIfRun> {
    const run = await whatIfRuns.find(db, runId, { lock });
    if (!run) throw notFound(runId);
    return run;
  }

  private async comparable(db: EntityManager, runId: number): Promise<WhatIfRun> {
    const run = await this.find(db, runId);
    requireCompleted(run, 'compare');
    return run;
  }

  /** One REPEATABLE READ, read-only snapshot over the live and shadow read models. */
  private snapshot<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.deps.dataSource.transaction('REPEATABLE READ', async (db) => {
      await db.query('SET TRANSACTION READ ONLY');
      return work(db);
    });
  }

  /**
   * Whether the shadow at `shadow` has applied every event the live read model at `live` has that
   * the shadow applies: positions equal, or only events the shadow skips (policy changes, events
   * of other models) in between. A gap of more than one batch counts as out of sync.
   */
  private async inSync(shadow: string | null, live: string | null): Promise<boolean> {
    if (shadow === live) return true;
    if (live === null || (shadow !== null && this.deps.store.comparePositions(live, shadow) < 0))
      return false;
    const ahead = await this.deps.store.readAll(shadow, IN_SYNC_SCAN);
    const between = ahead.filter((e) => this.deps.store.comparePositions(e.logPosition, live) <= 0);
    if (between.length === IN_SYNC_SCAN) return false;
    return between.every((e) => !SHADOW_EVENTS.has(e.type));
  }

  private async appendedBefore(commandId: string): Promise<boolean> {
    return (await this.deps.store.findAppendedCommand(commandId, streams.segmentationPolicy())) !== null;
  }

  /** Events in the log now (the PostgreSQL store's table); null when the store is elsewhere. */
  private async logSize(): Promise<number | null> {
    const db = this.deps.dataSource.manager;
    const [table] = await db.query<Array<{ t: string | null }>>(
      `SELECT to_regclass('event_store.events')::text AS t`,
    );
    if (!table?.t) return null;
    const [row] = await db.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM event_store.events`);
    return Number(row!.n);
  }
}
