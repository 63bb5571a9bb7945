// Customer value and segmentation read models (order facts, lifecycle, value, RFM, ABC, Pareto).
import type { Projection } from '../projection/projection';
import type { MigrationInterface } from 'typeorm';
import { customerValueProjection } from './customer-value.projection';
import { CustomerValueEntity } from './customer/customer-value.entity';
import { OrderFactEntity } from './order/order-fact.entity';
import { LifecycleTransitionEntity } from './lifecycle/lifecycle-transition.entity';
import { SegmentationPolicyEntity } from './segmentation/segmentation-policy.entity';
import { ValueReadModels1763900200000 } from './migrations/1763900200000-value-read-models.migration';
import { ValueFunctions1763900200001 } from './migrations/1763900200001-value-functions.migration';
import { ValueLifecycleFunctions1763900200002 } from './migrations/1763900200002-value-lifecycle-functions.migration';
import { ValueOrderFunctions1763900200003 } from './migrations/1763900200003-value-order-functions.migration';
import { ValueAbcRanking1763900200004 } from './migrations/1763900200004-value-abc-ranking.migration';
import { ValueRfmRanking1763900200005 } from './migrations/1763900200005-value-rfm-ranking.migration';
import { ValueBatchFunctions1763900200006 } from './migrations/1763900200006-value-batch-functions.migration';
import { ValueLifecycleRemoval1763900200007 } from './migrations/1763900200007-value-lifecycle-removal.migration';

export {
  createCustomerValueProjection,
  customerValueProjection,
  type CustomerValueProjectionOptions,
} from './customer-value.projection';
export { LIVE_VALUE_SCHEMA, valueSchema } from './value-schema';
export { CustomerValueEntity } from './customer/customer-value.entity';
export { OrderFactEntity } from './order/order-fact.entity';
export { LifecycleTransitionEntity } from './lifecycle/lifecycle-transition.entity';
export { SegmentationPolicyEntity } from './segmentation/segmentation-policy.entity';
export { refreshLifecycle } from './lifecycle/lifecycle-refresh';
export { ValueReadModels1763900200000 } from './migrations/1763900200000-value-read-models.migration';
export {
  DEFAULT_POLICY_JSON,
  ValueFunctions1763900200001,
} from './migrations/1763900200001-value-functions.migration';

export const VALUE_PROJECTIONS: Projection[] = [customerValueProjection];
export const VALUE_ENTITIES: Array<new () => object> = [
  CustomerValueEntity,
  OrderFactEntity,
  LifecycleTransitionEntity,
  SegmentationPolicyEntity,
];
/**
 * The value model's migrations, in order. Each takes an optional schema name (default
 * read_models), so a what-if run builds its shadow schema with exactly the live DDL and functions.
 */
export const VALUE_MIGRATIONS: Array<new (schema?: string) => MigrationInterface> = [
  ValueReadModels1763900200000,
  ValueFunctions1763900200001,
  ValueLifecycleFunctions1763900200002,
  ValueOrderFunctions1763900200003,
  ValueAbcRanking1763900200004,
  ValueRfmRanking1763900200005,
  ValueBatchFunctions1763900200006,
  ValueLifecycleRemoval1763900200007,
];

export { ValueAbcRanking1763900200004 } from './migrations/1763900200004-value-abc-ranking.migration';
export { ValueRfmRanking1763900200005 } from './migrations/1763900200005-value-rfm-ranking.migration';
export { ValueBatchFunctions1763900200006 } from './migrations/1763900200006-value-batch-functions.migration';
export { ValueLifecycleRemoval1763900200007 } from './migrations/1763900200007-value-lifecycle-removal.migration';
export * from './queries/abc-ranking.query';
export * from './queries/rfm-scores.query';
export * from './queries/abc-summary.query';
export * from './queries/pareto.query';
export * from './queries/lifecycle-funnel.query';
export * from './queries/receivables.query';
