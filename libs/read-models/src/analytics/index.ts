// Analytics read models (sales cube, contact compliance, competitors, channels, interaction index,
// rep pipeline).
import type { Projection } from '../projection/projection';
import type { MigrationInterface } from 'typeorm';
import { salesCubeProjection } from './sales/sales-cube.projection';
import { contactComplianceProjection } from './contact/contact-compliance.projection';
import { competitorFeedbackProjection } from './competitor/competitor-feedback.projection';
import { channelEconomicsProjection } from './channel/channel-economics.projection';
import { interactionIndexProjection } from './interaction/interaction-index.projection';
import { repPipelineProjection } from './pipeline/rep-pipeline.projection';
import { InteractionEntryEntity } from './interaction/interaction-entry.entity';
import { Analytics1763900300000 } from './migrations/1763900300000-analytics.migration';
import { RepScorecard1763900300001 } from './migrations/1763900300001-rep-scorecard.migration';

export { salesCubeProjection } from './sales/sales-cube.projection';
export { PRICE_BANDS, type PriceBand } from './sales/price-band';
export { contactComplianceProjection } from './contact/contact-compliance.projection';
export { competitorFeedbackProjection } from './competitor/competitor-feedback.projection';
export { channelEconomicsProjection } from './channel/channel-economics.projection';
export { interactionIndexProjection } from './interaction/interaction-index.projection';
export { interactionSummary } from './interaction/interaction-summary';
export { InteractionEntryEntity } from './interaction/interaction-entry.entity';
export { repPipelineProjection } from './pipeline/rep-pipeline.projection';
export { Analytics1763900300000 } from './migrations/1763900300000-analytics.migration';
export { RepScorecard1763900300001 } from './migrations/1763900300001-rep-scorecard.migration';

export const ANALYTICS_PROJECTIONS: Projection[] = [
  salesCubeProjection,
  contactComplianceProjection,
  competitorFeedbackProjection,
  channelEconomicsProjection,
  interactionIndexProjection,
  repPipelineProjection,
];
export const ANALYTICS_ENTITIES: Array<new () => object> = [InteractionEntryEntity];
export const ANALYTICS_MIGRATIONS: Array<new () => MigrationInterface> = [
  Analytics1763900300000,
  RepScorecard1763900300001,
];
