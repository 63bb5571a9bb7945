import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'at_risk', 'dormant', 'reactivated'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface FunnelMonthRow {
  /** "YYYY-MM" (UTC). */
  month: string;
  /** Customers entering each stage during the month. */
  entered: Record<LifecycleStage, number>;
}

const sql = (s: string) => `
SELECT to_char(m.month, 'YYYY-MM') AS "month", t.to_stage AS "stage", count(DISTINCT t.customer_id)::int AS "customers"
FROM generate_series($1::timestamp, $2::timestamp, interval '1 month') AS m(month)
JOIN ${s}.lifecycle_transition t
  ON t.at >= (m.month AT TIME ZONE 'UTC') AND t.at < ((m.month + interval '1 month') AT TIME ZONE 'UTC')
 AND t.at <= $3::timestamptz
WHERE $4::text[] IS NULL
   OR t.customer_id IN (SELECT customer_id FROM ${s}.customer_value WHERE region = ANY($4::text[]))
GROUP BY m.month, t.to_stage`;

/**
 * Customers entering each lifecycle stage per month (UTC), from `fromMonth` to `toMonth`
 * inclusive ("YYYY-MM"). Scheduled transitions later than `asOf` have not happened and are left out.
 * `regions` (a manager's) counts only customers now in those regions (the value model's current
 * region, as the customer list and audit scope do); undefined: all customers.
 */
export async function lifecycleFunnel(
  db: SqlExecutor,
  fromMonth: string,
  toMonth: string,
  asOf: Date,
  schema: string = LIVE_VALUE_SCHEMA,
  regions?: readonly string[],
): Promise<FunnelMonthRow[]> {
  const rows = await db.query<Array<{ month: string; stage: LifecycleStage; customers: number }>>(
    sql(valueSchema(schema)),
    [`${fromMonth}-01`, `${toMonth}-01`, asOf, regions ?? null],
  );
  const months: FunnelMonthRow[] = [];
  for (
    let [y, m] = fromMonth.split('-').map(Number) as [number, number];
    `${y}-${String(m).padStart(2, '0')}` <= toMonth;
  ) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const entered = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
    for (const r of rows) if (r.month === month) entered[r.stage] = r.customers;
    months.push({ month, entered });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}
