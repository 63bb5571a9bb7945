import type { Actor, SegmentationPolicy } from '@crm/events';

/**
 * Where a run's replay stands: `running` (a replayer is, or was until its process stopped, applying
 * batches; resumable), `completed` (caught up with the log when it finished: comparable and
 * promotable), `failed` (resumable), `dropped` (its shadow schema is gone).
 */
export type WhatIfStatus = 'running' | 'completed' | 'failed' | 'dropped';

export interface WhatIfPolicyChange {
  /** The policy version appended, and its log position (a consistency token). */
  version: number;
  position: string;
  at: Date;
  by: Actor;
}

export interface WhatIfPromotion extends WhatIfPolicyChange {
  /** The live policy the promotion replaced (version 0: none was set, the default policy). */
  previousVersion: number;
  previousPolicy: SegmentationPolicy;
  /** The change that put the previous policy back, if any. */
  rollback: WhatIfPolicyChange | null;
}

/** A what-if run as read_models.whatif_runs keeps it. */
export interface WhatIfRun {
  id: number;
  /** The shadow schema, e.g. `whatif_7`. */
  schema: string;
  label: string | null;
  candidate: SegmentationPolicy;
  status: WhatIfStatus;
  /** Log position of the last event replayed; null before the first batch. */
  position: string | null;
  eventsRead: number;
  /** Of those, the events the value model handles. */
  eventsApplied: number;
  /** Size of the log when the replay (re)started; null when the store cannot tell. */
  eventsTotal: number | null;
  /** Time spent reading and applying batches. */
  activeMs: number;
  startedAt: Date;
  startedBy: Actor;
  updatedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  promotion: WhatIfPromotion | null;
  droppedAt: Date | null;
}

/** Progress figures derived from a run: throughput over the time spent replaying, ETA. */
export interface WhatIfProgress {
  eventsPerSecond: number | null;
  /** events read / events total (at least the events read), 0..1; null when the total is unknown. */
  fraction: number | null;
  etaSeconds: number | null;
}

export const progressOf = (run: WhatIfRun): WhatIfProgress => {
  const rate = run.activeMs > 0 ? (run.eventsRead * 1000) / run.activeMs : null;
  const total = run.eventsTotal === null ? null : Math.max(run.eventsTotal, run.eventsRead);
  const done = run.status === 'completed' || run.status === 'dropped';
  const remaining = total === null ? null : done ? 0 : total - run.eventsRead;
  return {
    eventsPerSecond: rate === null ? null : Math.round(rate),
    fraction: total === null ? null : done || total === 0 ? 1 : run.eventsRead / total,
    etaSeconds: remaining === null ? null : remaining === 0 ? 0 : rate ? Math.ceil(remaining / rate) : null,
  };
};
