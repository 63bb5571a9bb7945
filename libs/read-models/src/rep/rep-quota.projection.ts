import type {
  OrderCancelled,
  OrderRecorded,
  QuotaAssigned,
  RepOnboarded,
  TerritoryAssigned,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../projection/projection';
import { periodRange } from './period';
import { applyRepQuotaBatch } from './rep-quota.batch';

/**
 * Rep quota attainment: reps, their quotas per period (the latest revision supersedes), and each
 * rep's sales per day, so that actuals for any month or quarter are a range sum. Each order is kept
 * with its rep and day, so that a cancellation takes the order out of that day's sales. Also keeps
 * each rep's territory (the last assignment replaces the previous one).
 */
export const createRepQuotaProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'rep-quota',
    version: 2,
    storage: { tables: ['rep', 'rep_quota', 'rep_order', 'rep_sales_day', 'rep_territory'] },
    inSchema: (other: string) => createRepQuotaProjection(other),
    handles: new Set([
      'RepOnboarded',
      'QuotaAssigned',
      'TerritoryAssigned',
      'OrderRecorded',
      'OrderCancelled',
    ]),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applyRepQuotaBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'RepOnboarded': {
          const d = event.data as RepOnboarded['data'];
          await db.query(
            `INSERT INTO ${s}.rep (rep_id, name, region, manager_id, onboarded_at, last_global_position)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (rep_id) DO NOTHING`,
            [d.repId, d.name, d.region, d.managerId ?? null, d.onboardedAt, event.globalPosition],
          );
          return;
        }
        case 'QuotaAssigned': {
          const d = event.data as QuotaAssigned['data'];
          const { start, end } = periodRange(d.period);
          await db.query(
            `INSERT INTO ${s}.rep_quota
               (rep_id, period, period_start, period_end, target_amount, target_volume, category_targets, revision,
                last_global_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (rep_id, period) DO UPDATE SET
               target_amount = excluded.target_amount, target_volume = excluded.target_volume,
               category_targets = excluded.category_targets, revision = excluded.revision,
               last_global_position = excluded.last_global_position
             WHERE ${s}.rep_quota.revision < excluded.revision`,
            [
              d.repId,
              d.period,
              start,
              end,
              d.targetAmount,
              d.targetVolume,
              JSON.stringify(d.categoryTargets),
              d.revision,
              event.globalPosition,
            ],
          );
          return;
        }
        case 'OrderRecorded': {
          const d = event.data as OrderRecorded['data'];
          if (!d.repId) return;
          // Price realisation compares selling and list price on the lines that have a list price.
          const listed = d.lines.filter((l) => l.listPrice !== undefined);
          await db.query(
            `WITH o AS (
               INSERT INTO ${s}.rep_order
                 (customer_id, order_id, rep_id, day, amount, volume, list_amount, priced_amount)
               SELECT $1, $2, $3, ($4::timestamptz AT TIME ZONE 'UTC')::date, $5::numeric, $6,
                      coalesce(sum(l.qty * l.list_price), 0), coalesce(sum(l.qty * l.unit_price), 0)
               FROM unnest($7::int[], $8::numeric[], $9::numeric[]) AS l(qty, unit_price, list_price)
               ON CONFLICT (customer_id, order_id) DO NOTHING
               RETURNING rep_id, day, amount, volume, list_amount, priced_amount
             )
             INSERT INTO ${s}.rep_sales_day AS s (rep_id, day, amount, volume, list_amount, priced_amount, order_count)
             SELECT rep_id, day, amount, volume, list_amount, priced_amount, 1 FROM o
             ON CONFLICT (rep_id, day) DO UPDATE SET
               amount = s.amount + excluded.amount, volume = s.volume + excluded.volume,
               list_amount = s.list_amount + excluded.list_amount,
               priced_amount = s.priced_amount + excluded.priced_amount,
               order_count = s.order_count + 1`,
            [
              d.customerId,
              d.orderId,
              d.repId,
              d.orderedAt,
              d.totalAmount,
              d.totalQuantity,
              listed.map((l) => l.quantity),
              listed.map((l) => l.unitPrice),
              listed.map((l) => l.listPrice),
            ],
          );
          return;
        }
        case 'OrderCancelled': {
          const d = event.data as OrderCancelled['data'];
          // Reverses the order on the day it was ordered, so past periods show net sales.
          await db.query(
            `WITH o AS (
               UPDATE ${s}.rep_order SET cancelled_at = $3
               WHERE customer_id = $1 AND order_id = $2 AND cancelled_at IS NULL
               RETURNING rep_id, day, amount, volume, list_amount, priced_amount
             )
             UPDATE ${s}.rep_sales_day s SET
               amount = s.amount - o.amount, volume = s.volume - o.volume,
               list_amount = s.list_amount - o.list_amount, priced_amount = s.priced_amount - o.priced_amount,
               order_count = s.order_count - 1
             FROM o WHERE s.rep_id = o.rep_id AND s.day = o.day`,
            [d.customerId, d.orderId, d.cancelledAt],
          );
          return;
        }
        case 'TerritoryAssigned': {
          const d = event.data as TerritoryAssigned['data'];
          await db.query(
            `INSERT INTO ${s}.rep_territory (rep_id, regions, categories, brands, assigned_at, global_position)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (rep_id) DO UPDATE SET
               regions = excluded.regions, categories = excluded.categories, brands = excluded.brands,
               assigned_at = excluded.assigned_at, global_position = excluded.global_position`,
            [d.repId, d.regions, d.categories, d.brands, d.assignedAt, event.globalPosition],
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
export const repQuotaProjection: Projection = createRepQuotaProjection();
