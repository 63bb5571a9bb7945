import type { SqlExecutor } from '../../projection/projection';

export const RECEIVABLES_GROUPINGS = ['customer', 'rep', 'region'] as const;
export type ReceivablesGrouping = (typeof RECEIVABLES_GROUPINGS)[number];

export interface AgeingBuckets {
  outstanding: string;
  /** Outstanding on orders 0–30, 31–60, 61–90 and more than 90 whole days old at asOf. */
  days0To30: string;
  days31To60: string;
  days61To90: string;
  daysOver90: string;
  openOrders: number;
}

export interface ReceivablesRow extends AgeingBuckets {
  /** Customer id, rep id (null: orders without a rep) or region. */
  key: string | null;
  /** The customer's name when grouped by customer. */
  name: string | null;
}

export interface ReceivablesReport {
  groups: number;
  total: AgeingBuckets;
  items: ReceivablesRow[];
}

const KEYS: Record<ReceivablesGrouping, { key: string; name: string }> = {
  customer: { key: 'o.customer_id', name: 'c.name' },
  rep: { key: 'o.rep_id', name: 'NULL::text' },
  region: { key: 'c.region', name: 'NULL::text' },
};

const SQL = (g: ReceivablesGrouping) => `
WITH open AS (
  SELECT ${KEYS[g].key} AS key, ${KEYS[g].name} AS name, o.amount - o.paid AS due,
         floor(extract(epoch FROM ($1::timestamptz - o.ordered_at)) / 86400) AS age
  FROM read_models.order_fact o JOIN read_models.customer_value c ON c.customer_id = o.customer_id
  WHERE o.cancelled_at IS NULL AND o.paid < o.amount AND o.ordered_at <= $1::timestamptz
    AND ($3::text[] IS NULL OR c.region = ANY($3::text[]))
),
grouped AS (
  SELECT key, min(name) AS name, sum(due) AS outstanding,
         coalesce(sum(due) FILTER (WHERE age <= 30), 0) AS b0,
         coalesce(sum(due) FILTER (WHERE age > 30 AND age <= 60), 0) AS b1,
         coalesce(sum(due) FILTER (WHERE age > 60 AND age <= 90), 0) AS b2,
         coalesce(sum(due) FILTER (WHERE age > 90), 0) AS b3,
         count(*) AS orders
  FROM open GROUP BY key
),
ranked AS (
  SELECT g.*, count(*) OVER () AS groups,
         sum(outstanding) OVER () AS t, sum(b0) OVER () AS t0, sum(b1) OVER () AS t1,
         sum(b2) OVER () AS t2, sum(b3) OVER () AS t3, sum(orders) OVER () AS tn
  FROM grouped g
  ORDER BY outstanding DESC, key NULLS LAST
)
SELECT key, name, outstanding::numeric(18,2)::text AS outstanding, b0::numeric(18,2)::text AS "days0To30",
       b1::numeric(18,2)::text AS "days31To60", b2::numeric(18,2)::text AS "days61To90",
       b3::numeric(18,2)::text AS "daysOver90", orders::int AS "openOrders", groups::int AS groups,
       t::numeric(18,2)::text AS t, t0::numeric(18,2)::text AS t0, t1::numeric(18,2)::text AS t1,
       t2::numeric(18,2)::text AS t2, t3::numeric(18,2)::text AS t3, tn::int AS tn
FROM ranked LIMIT $2`;

/**
 * Outstanding receivables (ordered − paid, live orders) as of an instant, grouped by customer,
 * rep (the order's rep) or region (the customer's), with ageing buckets by the order's age in
 * whole days. Orders placed after asOf are left out; payments and cancellations are as known now.
 * `regions` (a manager's) keeps only the orders of customers now in those regions; undefined: all.
 */
export async function receivables(
  db: SqlExecutor,
  asOf: Date,
  by: ReceivablesGrouping,
  limit: number,
  regions?: readonly string[],
): Promise<ReceivablesReport> {
  const rows = await db.query<
    Array<
      ReceivablesRow & {
        groups: number;
        t: string;
        t0: string;
        t1: string;
        t2: string;
        t3: string;
        tn: number;
      }
    >
  >(SQL(by), [asOf, limit, regions ?? null]);
  const first = rows[0];
  return {
    groups: first?.groups ?? 0,
    total: {
      outstanding: first?.t ?? '0.00',
      days0To30: first?.t0 ?? '0.00',
      days31To60: first?.t1 ?? '0.00',
      days61To90: first?.t2 ?? '0.00',
      daysOver90: first?.t3 ?? '0.00',
      openOrders: first?.tn ?? 0,
    },
    items: rows.map(({ groups: _g, t: _t, t0: _0, t1: _1, t2: _2, t3: _3, tn: _n, ...item }) => item),
  };
}
