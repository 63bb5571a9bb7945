import type { SegmentationPolicy } from '@crm/events';
import type { SqlExecutor } from '../projection/projection';
import { checkpointKey } from '../projection/projection';
import { customerValueProjection } from '../value/customer-value.projection';
import { abcSummary, type AbcSummary } from '../value/queries/abc-summary.query';
import { LIFECYCLE_STAGES } from '../value/queries/lifecycle-funnel.query';
import { LIVE_VALUE_SCHEMA } from '../value/value-schema';
import { migrationMatrices, type MigrationMatrix } from './whatif-comparison.query';
import type { WhatIfRun } from './whatif-run';

/** One side of a comparison: a policy, where its read model stands in the log, its classes and stages. */
export interface WhatIfSide {
  policy: SegmentationPolicy;
  /** Log position the read model has applied (live: the customer-value checkpoint). */
  position: string | null;
  /** Customers, measure and revenue per class with their shares, cut-off ranks (see abcSummary). */
  abc: Omit<AbcSummary, 'policyVersion'>;
  /** Customers per lifecycle stage at asOf (the last transition at or before it). */
  stages: Record<string, number>;
}

export interface WhatIfComparison {
  runId: number;
  asOf: Date;
  /** The live policy's version; null: none was ever set (the default policy). */
  livePolicyVersion: number | null;
  live: WhatIfSide;
  candidate: WhatIfSide;
  /**
   * The shadow has applied every event the live model has that it would apply (the live model may be
   * further on by policy changes only, which the shadow skips). When false, customers newer than one
   * side show as "none" there, and figures may differ by the events in between.
   */
  inSync: boolean;
  /** Rows: class under the live policy; columns: class under the candidate. */
  classMatrix: MigrationMatrix;
  /** Rows: stage under the live policy; columns: stage under the candidate. */
  stageMatrix: MigrationMatrix;
}

const marginals = (m: MigrationMatrix, side: 'rows' | 'columns'): Record<string, number> => {
  const stages = LIFECYCLE_STAGES as readonly string[];
  const out: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
  for (const from of m.labels)
    for (const to of m.labels) {
      const key = side === 'rows' ? from : to;
      if (key in out) out[key] = out[key]! + m.counts[from]![to]!;
    }
  return out;
};

/**
 * Live policy against a run's candidate at `asOf`. Call it inside one REPEATABLE READ transaction:
 * every figure then comes from one snapshot, so a policy switch committed meanwhile is seen whole
 * or not at all.
 */
export async function compareWithLive(
  db: SqlExecutor,
  run: WhatIfRun,
  asOf: Date,
): Promise<WhatIfComparison> {
  const [{ policy: livePolicy }] = await db.query<[{ policy: SegmentationPolicy }]>(
    `SELECT ${LIVE_VALUE_SCHEMA}.live_policy() AS policy`,
  );
  const [checkpoint] = await db.query<Array<{ log_position: string }>>(
    `SELECT log_position FROM read_models.projection_checkpoints WHERE projection = $1`,
    [checkpointKey(customerValueProjection)],
  );
  const { policyVersion, ...liveAbc } = await abcSummary(db, asOf);
  const { policyVersion: _candidateVersion, ...candidateAbc } = await abcSummary(db, asOf, run.schema);
  const { classes, stages } = await migrationMatrices(db, run.schema, asOf);
  const livePosition = checkpoint?.log_position || null;
  return {
    runId: run.id,
    asOf,
    livePolicyVersion: policyVersion,
    live: {
      policy: livePolicy,
      position: livePosition,
      abc: liveAbc,
      stages: marginals(stages, 'rows'),
    },
    candidate: {
      policy: run.candidate,
      position: run.position,
      abc: candidateAbc,
      stages: marginals(stages, 'columns'),
    },
    inSync: livePosition === run.position,
    classMatrix: classes,
    stageMatrix: stages,
  };
}
