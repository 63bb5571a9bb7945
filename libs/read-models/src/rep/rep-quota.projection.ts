import type { OrderRecorded, QuotaAssigned, RepOnboarded } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { Projection, SqlExecutor } from '../projection/projection';
import { periodRange } from './period';

/**
 * Rep quota attainment: reps, their quotas per period (the latest revision supersedes), and each
 * rep's sales per day, so that actuals for any month or quarter are a range sum.
 */
export const repQuotaProjection: Projection = {
  name: 'rep-quota',
  version: 1,
  handles: new Set(['RepOnboarded', 'QuotaAssigned', 'OrderRecorded']),
  async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
    switch (event.type) {
      case 'RepOnboarded': {
        const d = event.data as RepOnboarded['data'];
        await db.query(
          `INSERT INTO read_models.rep (rep_id, name, region, manager_id, onboarded_at, last_global_position)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (rep_id) DO NOTHING`,
          [d.repId, d.name, d.region, d.managerId ?? null, d.onboardedAt, event.globalPosition],
        );
        return;
      }
      case 'QuotaAssigned': {
        const d = event.data as QuotaAssigned['data'];
        const { start, end } = periodRange(d.period);
        await db.query(
          `INSERT INTO read_models.rep_quota
             (rep_id, period, period_start, period_end, target_amount, target_volume, category_targets, revision,
              last_global_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (rep_id, period) DO UPDATE SET
             target_amount = excluded.target_amount, target_volume = excluded.target_volume,
             category_targets = excluded.category_targets, revision = excluded.revision,
             last_global_position = excluded.last_global_position
           WHERE read_models.rep_quota.revision < excluded.revision`,
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
          `INSERT INTO read_models.rep_sales_day AS s (rep_id, day, amount, volume, list_amount, priced_amount, order_count)
           SELECT $1, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3::numeric, $4,
                  coalesce(sum(l.qty * l.list_price), 0), coalesce(sum(l.qty * l.unit_price), 0), 1
           FROM unnest($5::int[], $6::numeric[], $7::numeric[]) AS l(qty, unit_price, list_price)
           ON CONFLICT (rep_id, day) DO UPDATE SET
             amount = s.amount + excluded.amount, volume = s.volume + excluded.volume,
             list_amount = s.list_amount + excluded.list_amount,
             priced_amount = s.priced_amount + excluded.priced_amount,
             order_count = s.order_count + 1`,
          [
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
      default:
        return;
    }
  },
};
