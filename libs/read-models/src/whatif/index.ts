// What-if segmentation: a candidate policy replayed into a shadow schema, compared, promoted.
import type { MigrationInterface } from 'typeorm';
import { WhatIfRuns1763900210000 } from './migrations/1763900210000-whatif-runs.migration';

export { WhatIfRuns1763900210000 } from './migrations/1763900210000-whatif-runs.migration';
export * from './whatif';
export * from './whatif-run';
export * from './whatif-error';
export * from './whatif-comparison';
export * from './whatif-comparison.query';
export * from './policy-change.command';
export * from './candidate-policy';
export { createShadowSchema, dropShadowSchema, shadowSchema } from './shadow-schema';
export {
  replayIntoShadow,
  ReplaySupersededError,
  type ReplayBatchProgress,
  type ReplayOptions,
  type ReplayOutcome,
} from './shadow-replay';

export const WHATIF_MIGRATIONS: Array<new () => MigrationInterface> = [WhatIfRuns1763900210000];
