export * from './projection/projection';
export * from './projection/projection-engine';
export * from './projection/projection-versions';
export * from './projection/projection-rebuild';
export * from './customer/customer-summary.projection';
export * from './customer/customer-summary.entity';
export * from './rep/rep-quota.projection';
export * from './rep/rep.entity';
export * from './rep/period';
export * from './migrations/1763900100000-read-models.migration';
export * from './value/index';
export * from './analytics/index';
export * from './whatif/index';

import { customerSummaryProjection } from './customer/customer-summary.projection';
import { repQuotaProjection } from './rep/rep-quota.projection';
import { CustomerSummaryEntity } from './customer/customer-summary.entity';
import { RepEntity } from './rep/rep.entity';
import { ReadModels1763900100000 } from './migrations/1763900100000-read-models.migration';
import { DeadLetters1763900500000 } from './migrations/1763900500000-dead-letters.migration';
import { VALUE_ENTITIES, VALUE_MIGRATIONS, VALUE_PROJECTIONS } from './value/index';
import { ANALYTICS_ENTITIES, ANALYTICS_MIGRATIONS, ANALYTICS_PROJECTIONS } from './analytics/index';
import { WHATIF_MIGRATIONS } from './whatif/index';

/** Every projection the projector runs by default. */
export const ALL_PROJECTIONS = [customerSummaryProjection, repQuotaProjection, ...VALUE_PROJECTIONS, ...ANALYTICS_PROJECTIONS];
export const READ_MODEL_ENTITIES = [CustomerSummaryEntity, RepEntity, ...VALUE_ENTITIES, ...ANALYTICS_ENTITIES];
export const READ_MODEL_MIGRATIONS = [ReadModels1763900100000, ...VALUE_MIGRATIONS, ...ANALYTICS_MIGRATIONS, DeadLetters1763900500000, ...WHATIF_MIGRATIONS];
