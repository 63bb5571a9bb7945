import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

export interface AbcClassSummaryRow {
  abcClass: 'A' | 'B' | 'C';
  customers: number;
  /** Sum of the policy's measure over the class, exact decimal string. */
  measure: string;
  /** Revenue of the class in the window, exact decimal string. */
  revenue: string;
  /** customers / population and the class's shares of the measure and revenue, 4 digits. */
  customerShare: string | null;
  measureShare: string | null;
  revenueShare: string | null;
  firstRank: number | null;
  /** The cut-off: the last rank of the class. */
  lastRank: number | null;
  /** The measure of the customer at the cut-off rank. */
  measureAtCutoff: string | null;
}

export interface AbcSummary {
  policyVersion: number | null;
  measure: string;
  windowMonths: number;
  windowStart: Date;
  population: number;
  totalMeasure: string;
  totalRevenue: string;
  classes: AbcClassSummaryRow[];
}

const sql = (s: string) => `
WITH pol AS (
  SELECT (SELECT p.version FROM ${s}.segmentation_policy p
          ORDER BY p.global_position DESC, p.version DESC LIMIT 1) AS version,
         ${s}.live_policy() AS policy
),
win AS (
  SELECT pol.policy #>> '{abc,measure}' AS measure, (pol.policy #>> '{abc,windowMonths}')::int AS months,
         (($1::timestamptz AT TIME ZONE 'UTC') - make_interval(months => (pol.policy #>> '{abc,windowMonths}')::int))
           AT TIME ZONE 'UTC' AS start
  FROM pol
),
a AS (SELECT x.* FROM pol, ${s}.abc_classes($1::timestamptz, pol.policy) x),
rev AS (
  SELECT o.customer_id, sum(o.amount) AS revenue
  FROM ${s}.order_fact o, win
  WHERE win.measure <> 'revenue' AND o.cancelled_at IS NULL AND o.ordered_at >= win.start AND o.ordered_at < $1::timestamptz
  GROUP BY o.customer_id
),
ar AS (
  SELECT a.*, CASE WHEN win.measure = 'revenue' THEN a.measure_value ELSE coalesce(rev.revenue, 0) END AS revenue
  FROM a CROSS JOIN win LEFT JOIN rev ON rev.customer_id = a.customer_id
),
classes AS (
  SELECT k.abc_class, count(ar.customer_id)::int AS customers,
         coalesce(sum(ar.measure_value), 0) AS measure, coalesce(sum(ar.revenue), 0) AS revenue,
         min(ar.rank)::int AS first_rank, max(ar.rank)::int AS last_rank,
         (array_agg(ar.measure_value ORDER BY ar.rank DESC))[1] AS at_cutoff
  FROM (VALUES ('A'), ('B'), ('C')) AS k(abc_class) LEFT JOIN ar ON ar.abc_class = k.abc_class
  GROUP BY k.abc_class
),
tot AS (SELECT sum(customers) AS n, sum(measure) AS tm, sum(revenue) AS tr FROM classes)
SELECT pol.version AS "policyVersion", win.measure AS "measure", win.months AS "windowMonths", win.start AS "windowStart",
       json_agg(json_build_object(
         'abcClass', c.abc_class, 'customers', c.customers,
         'customerShare', CASE WHEN tot.n > 0 THEN round(c.customers::numeric / tot.n, 4)::text END,
         'measure', c.measure::numeric(18,2)::text,
         'measureShare', CASE WHEN tot.tm <> 0 THEN round(c.measure / tot.tm, 4)::text END,
         'revenue', c.revenue::numeric(18,2)::text,
         'revenueShare', CASE WHEN tot.tr <> 0 THEN round(c.revenue / tot.tr, 4)::text END,
         'firstRank', c.first_rank, 'lastRank', c.last_rank,
         'measureAtCutoff', c.at_cutoff::numeric(18,2)::text) ORDER BY c.abc_class) AS "classes",
       tot.n::int AS "population",
       tot.tm::numeric(18,2)::text AS "totalMeasure", tot.tr::numeric(18,2)::text AS "totalRevenue"
FROM classes c, pol, win, tot
GROUP BY pol.version, win.measure, win.months, win.start, tot.n, tot.tm, tot.tr`;

/**
 * ABC classes as of an instant with the live policy: sizes, measure and revenue, cut-offs. In a
 * what-if shadow schema the "live" policy is the run's candidate (policyVersion 0).
 */
export async function abcSummary(
  db: SqlExecutor,
  asOf: Date,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<AbcSummary> {
  const rows = await db.query<AbcSummary[]>(sql(valueSchema(schema)), [asOf]);
  return rows[0]!;
}
