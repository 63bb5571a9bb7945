import type { SqlExecutor } from '../../projection/projection';

export interface RfmScoreRow {
  customerId: string;
  lastOrderAt: Date;
  /** Live orders. */
  frequency: number;
  /** Revenue of the live orders, exact decimal string. */
  monetary: string;
  /** 1 (worst) … buckets (best): more recent, more frequent, more revenue score higher. */
  recency: number;
  frequencyScore: number;
  monetaryScore: number;
  buckets: number;
  /** Customers with orders that the scores were taken over. */
  population: number;
}

const SCORE_SQL = (base: string) => `
WITH pol AS (SELECT greatest(1, (read_models.live_policy() #>> '{rfm,buckets}')::int) AS b),
base AS (${base}),
scored AS (
  SELECT base.*, pol.b,
         ntile(pol.b) OVER (ORDER BY base.last_at, base.customer_id) AS r,
         ntile(pol.b) OVER (ORDER BY base.freq, base.customer_id) AS f,
         ntile(pol.b) OVER (ORDER BY base.monetary, base.customer_id) AS m,
         count(*) OVER () AS population
  FROM base, pol
)
SELECT customer_id AS "customerId", last_at AS "lastOrderAt", freq::int AS "frequency",
       monetary::numeric(18,2)::text AS "monetary", r::int AS "recency", f::int AS "frequencyScore",
       m::int AS "monetaryScore", b AS "buckets", population::int AS "population"
FROM scored
WHERE $2::text[] IS NULL OR customer_id = ANY($2::text[])
ORDER BY customer_id`;

/** Every live order before $1. */
const AS_OF_BASE = `
  SELECT o.customer_id, max(o.ordered_at) AS last_at, count(*) AS freq, sum(o.amount) AS monetary
  FROM read_models.order_fact o
  WHERE o.cancelled_at IS NULL AND o.ordered_at < $1::timestamptz
  GROUP BY o.customer_id`;

/** Every live order recorded so far, from the customers' running totals (no scan of the orders). */
const CURRENT_BASE = `
  SELECT c.customer_id, c.last_order_at AS last_at, c.order_count AS freq, c.revenue AS monetary
  FROM read_models.customer_value c
  WHERE c.order_count > 0 AND $1::timestamptz IS NULL`;

/**
 * RFM scores by quantile: ntile(buckets) of the live policy over the customers with live orders,
 * ordered by last order, order count and revenue ascending (ties by customer id), so bucket
 * `buckets` holds the most recent / frequent / valuable customers. `asOf` null scores every order
 * recorded so far from the running totals; a date scores the orders before it.
 */
export async function rfmScores(
  db: SqlExecutor,
  asOf: Date | null,
  customerIds: string[] | null = null,
): Promise<RfmScoreRow[]> {
  return db.query<RfmScoreRow[]>(SCORE_SQL(asOf ? AS_OF_BASE : CURRENT_BASE), [asOf, customerIds]);
}
