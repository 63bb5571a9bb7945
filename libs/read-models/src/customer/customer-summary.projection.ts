import type { CustomerRegistered, OrderRecorded, VisitLogged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../projection/projection';
import { applyCustomerSummaryBatch } from './customer-summary.batch';

/**
 * Customer summary: profile, lifecycle stage, orders (count, volume, revenue, first/last), visits
 * (count, last, cost). Stage here follows orders only: prospect → new (first order) → active;
 * time-based stages (at risk, dormant) need the segmentation policy and are evaluated elsewhere.
 */
export const createCustomerSummaryProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'customer-summary',
    version: 1,
    storage: { tables: ['customer_summary'] },
    inSchema: (other: string) => createCustomerSummaryProjection(other),
    handles: new Set(['CustomerRegistered', 'VisitLogged', 'OrderRecorded']),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applyCustomerSummaryBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'CustomerRegistered': {
          const d = event.data as CustomerRegistered['data'];
          await db.query(
            `INSERT INTO ${s}.customer_summary
               (customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
                registered_at, lifecycle_stage, last_global_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'prospect', $11)
             ON CONFLICT (customer_id) DO NOTHING`,
            [
              d.customerId,
              d.name,
              d.type,
              d.region,
              d.industry ?? null,
              d.preferredChannel ?? null,
              d.source ?? null,
              d.partnerId ?? null,
              d.externalId ?? null,
              d.registeredAt,
              event.globalPosition,
            ],
          );
          return;
        }
        case 'VisitLogged': {
          const d = event.data as VisitLogged['data'];
          await db.query(
            `UPDATE ${s}.customer_summary SET
               visit_count = visit_count + 1,
               last_visit_at = greatest(last_visit_at, $2::timestamptz),
               visit_cost = visit_cost + $3::numeric,
               last_global_position = $4
             WHERE customer_id = $1`,
            [d.customerId, d.visitedAt, d.cost, event.globalPosition],
          );
          return;
        }
        case 'OrderRecorded': {
          const d = event.data as OrderRecorded['data'];
          await db.query(
            `UPDATE ${s}.customer_summary SET
               order_count = order_count + 1,
               volume = volume + $2,
               revenue = revenue + $3::numeric,
               first_order_at = least(first_order_at, $4::timestamptz),
               last_order_at = greatest(last_order_at, $4::timestamptz),
               lifecycle_stage = CASE WHEN order_count + 1 >= 2 THEN 'active' ELSE 'new' END,
               last_global_position = $5
             WHERE customer_id = $1`,
            [d.customerId, d.totalQuantity, d.totalAmount, d.orderedAt, event.globalPosition],
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
export const customerSummaryProjection: Projection = createCustomerSummaryProjection();
