import type { OpportunityLost, OpportunityOpened, OpportunityWon } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';

/**
 * The opportunity pipeline behind the rep scorecard: each opportunity with its rep, expected amount
 * and status (open, won, lost) and when it opened and closed, so that a period's pipeline is a
 * range query.
 */
export const createRepPipelineProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'rep-pipeline',
    version: 1,
    storage: { tables: ['rep_opportunity'] },
    inSchema: (other: string) => createRepPipelineProjection(other),
    handles: new Set(['OpportunityOpened', 'OpportunityWon', 'OpportunityLost']),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'OpportunityOpened': {
          const d = event.data as OpportunityOpened['data'];
          await db.query(
            `INSERT INTO ${s}.rep_opportunity
               (customer_id, opportunity_id, rep_id, title, stage, expected_amount, status, opened_at,
                global_position)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)
             ON CONFLICT (customer_id, opportunity_id) DO NOTHING`,
            [
              d.customerId,
              d.opportunityId,
              d.repId ?? null,
              d.title,
              d.stage,
              d.expectedAmount,
              d.openedAt,
              event.globalPosition,
            ],
          );
          return;
        }
        case 'OpportunityWon': {
          const d = event.data as OpportunityWon['data'];
          await db.query(
            `UPDATE ${s}.rep_opportunity
             SET status = 'won', closed_at = $3, order_id = $4, global_position = $5
             WHERE customer_id = $1 AND opportunity_id = $2 AND status = 'open'`,
            [d.customerId, d.opportunityId, d.wonAt, d.orderId ?? null, event.globalPosition],
          );
          return;
        }
        case 'OpportunityLost': {
          const d = event.data as OpportunityLost['data'];
          await db.query(
            `UPDATE ${s}.rep_opportunity
             SET status = 'lost', closed_at = $3, lost_to = $4, global_position = $5
             WHERE customer_id = $1 AND opportunity_id = $2 AND status = 'open'`,
            [d.customerId, d.opportunityId, d.lostAt, d.lostTo ?? null, event.globalPosition],
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
export const repPipelineProjection: Projection = createRepPipelineProjection();
