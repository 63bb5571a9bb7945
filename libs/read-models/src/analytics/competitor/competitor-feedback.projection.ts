import type { CompetitorFeedbackRecorded, CustomerProfileUpdated, CustomerRegistered } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';
import { applyCompetitorFeedbackBatch } from './competitor-feedback.batch';

/**
 * Competitor feedback (seed 000): every quantified evaluation of a competitor's product, with the
 * region the customer was in when it was heard. Counts, average ratings and trends are computed when
 * queried.
 */
export const createCompetitorFeedbackProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'competitor-feedback',
    version: 1,
    storage: { tables: ['competitor_customer', 'competitor_feedback'] },
    inSchema: (other: string) => createCompetitorFeedbackProjection(other),
    handles: new Set(['CustomerRegistered', 'CustomerProfileUpdated', 'CompetitorFeedbackRecorded']),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applyCompetitorFeedbackBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'CustomerRegistered': {
          const d = event.data as CustomerRegistered['data'];
          await db.query(
            `INSERT INTO ${s}.competitor_customer (customer_id, region) VALUES ($1, $2)
             ON CONFLICT (customer_id) DO NOTHING`,
            [d.customerId, d.region],
          );
          return;
        }
        case 'CustomerProfileUpdated': {
          const d = event.data as CustomerProfileUpdated['data'];
          if (d.changes.region === undefined) return;
          await db.query(`UPDATE ${s}.competitor_customer SET region = $2 WHERE customer_id = $1`, [
            d.customerId,
            d.changes.region,
          ]);
          return;
        }
        case 'CompetitorFeedbackRecorded': {
          const d = event.data as CompetitorFeedbackRecorded['data'];
          await db.query(
            `INSERT INTO ${s}.competitor_feedback
               (customer_id, feedback_id, rep_id, competitor, product, region, rating, comment, observed_at,
                global_position)
             SELECT $1, $2, $3, $4, $5, coalesce(c.region, 'unknown'), $6, $7, $8, $9
             FROM (SELECT 1) AS one
             LEFT JOIN ${s}.competitor_customer c ON c.customer_id = $1
             ON CONFLICT (customer_id, feedback_id) DO NOTHING`,
            [
              d.customerId,
              d.feedbackId,
              d.repId ?? null,
              d.competitor,
              d.product,
              d.rating,
              d.comment ?? null,
              d.observedAt,
              event.globalPosition,
            ],
          );
          return;
        }
        default:
          return;
      }
    },
  };
};

/** The live projection (schema read_models). */
export const competitorFeedbackProjection: Projection = createCompetitorFeedbackProjection();
