import type {
  CustomerProfileUpdated,
  CustomerRegistered,
  OrderCancelled,
  OrderRecorded,
  VisitLogged,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';
import { applyChannelEconomicsBatch } from './channel-economics.batch';

/**
 * Channel economics (seed 002): what each contact channel costs and what each sales channel brings
 * in, per customer segment. Keeps one row per contact and per (not cancelled) order with the
 * customer's type at that time; the ABC class is joined when queried. An order's cost covers the
 * lines with a unit cost, and `costed_amount` what those lines sold for, so margins are taken over
 * costed sales only.
 */
export const createChannelEconomicsProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'channel-economics',
    version: 1,
    storage: { tables: ['channel_customer', 'channel_contact', 'channel_sale'] },
    inSchema: (other: string) => createChannelEconomicsProjection(other),
    handles: new Set([
      'CustomerRegistered',
      'CustomerProfileUpdated',
      'VisitLogged',
      'OrderRecorded',
      'OrderCancelled',
    ]),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applyChannelEconomicsBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'CustomerRegistered': {
          const d = event.data as CustomerRegistered['data'];
          await db.query(
            `INSERT INTO ${s}.channel_customer (customer_id, type) VALUES ($1, $2)
             ON CONFLICT (customer_id) DO NOTHING`,
            [d.customerId, d.type],
          );
          return;
        }
        case 'CustomerProfileUpdated': {
          const d = event.data as CustomerProfileUpdated['data'];
          if (d.changes.type === undefined) return;
          await db.query(`UPDATE ${s}.channel_customer SET type = $2 WHERE customer_id = $1`, [
            d.customerId,
            d.changes.type,
          ]);
          return;
        }
        case 'VisitLogged': {
          const d = event.data as VisitLogged['data'];
          await db.query(
            `INSERT INTO ${s}.channel_contact (customer_id, visit_id, channel, customer_type, cost, visited_at)
             SELECT $1, $2, $3, coalesce(c.type, 'unknown'), $4, $5
             FROM (SELECT 1) AS one LEFT JOIN ${s}.channel_customer c ON c.customer_id = $1
             ON CONFLICT (customer_id, visit_id) DO NOTHING`,
            [d.customerId, d.visitId, d.channel, d.cost, d.visitedAt],
          );
          return;
        }
        case 'OrderRecorded': {
          const d = event.data as OrderRecorded['data'];
          await db.query(
            `INSERT INTO ${s}.channel_sale
               (customer_id, order_id, channel, customer_type, quantity, amount, cost, costed_amount, ordered_at)
             SELECT $1, $2, $3, coalesce(c.type, 'unknown'), $4, $5, l.cost, l.costed_amount, $6
             FROM (SELECT coalesce(sum(l.quantity * l.unit_cost), 0) AS cost,
                          coalesce(sum(l.amount) FILTER (WHERE l.unit_cost IS NOT NULL), 0) AS costed_amount
                   FROM unnest($7::bigint[], $8::numeric[], $9::numeric[]) AS l(quantity, unit_cost, amount)) AS l
             LEFT JOIN ${s}.channel_customer c ON c.customer_id = $1
             ON CONFLICT (customer_id, order_id) DO NOTHING`,
            [
              d.customerId,
              d.orderId,
              d.channel,
              d.totalQuantity,
              d.totalAmount,
              d.orderedAt,
              d.lines.map((l) => l.quantity),
              d.lines.map((l) => l.unitCost ?? null),
              d.lines.map((l) => l.amount),
            ],
          );
          return;
        }
        case 'OrderCancelled': {
          const d = event.data as OrderCancelled['data'];
          await db.query(`DELETE FROM ${s}.channel_sale WHERE customer_id = $1 AND order_id = $2`, [
            d.customerId,
            d.orderId,
          ]);
          return;
        }
        default:
          return;
      }
    },
  };
};

/** The live projection (schema read_models). */
export const channelEconomicsProjection: Projection = createChannelEconomicsProjection();
