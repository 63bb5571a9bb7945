import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * The current RFM scores and ABC summary, stored with the ABC ranking so that neither the customer
 * detail nor /analytics/abc works over every customer per request:
 * - rfm_ranking: the scores rfmScores(null) gives (ntile of the policy's rfm.buckets over the
 *   customers with live orders, from their running totals), as they were when scored;
 * - abc_ranking_state gains rfm_population (customers scored) and abc_summary (the summary
 *   abcSummary(ranked_at) gives: class sizes, measure, revenue, cut-offs, totals);
 * - refresh_value_ranking(max_age): under the same advisory lock and staleness rule as
 *   refresh_abc_ranking, re-ranks ABC (refresh_abc_ranking with age 0), then scores RFM and
 *   summarises the new ranking, all in one transaction. Readers see the previous ranking, scores
 *   and summary until it commits: one ranked_at (rfm.scoredAt, abc.rankedAt) for the three.
 *   Returns the new ranked_at, or null when it did nothing.
 */
export class ValueRfmRanking1763900200005 implements MigrationInterface {
  name = 'ValueRfmRanking1763900200005';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`
      CREATE TABLE ${s}.rfm_ranking (
        customer_id text PRIMARY KEY,
        last_order_at timestamptz NOT NULL,
        frequency bigint NOT NULL,
        monetary numeric NOT NULL,
        recency integer NOT NULL,
        frequency_score integer NOT NULL,
        monetary_score integer NOT NULL
      )`);
    await q.query(
      `ALTER TABLE ${s}.abc_ranking_state ADD COLUMN rfm_population bigint, ADD COLUMN abc_summary jsonb`,
    );
    // The summary is abc-summary.query.ts's statement over the stored ranking instead of
    // abc_classes(ranked_at, policy); tests/value-rfm-ranking.int.spec.ts holds the two equal.
    await q.query(`
      CREATE FUNCTION ${s}.refresh_value_ranking(max_age interval)
      RETURNS timestamptz
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        ranked timestamptz;
        pol jsonb;
        n bigint;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('${s}.abc_ranking')) THEN
          RETURN NULL;
        END IF;
        IF EXISTS (SELECT 1 FROM ${s}.abc_ranking_state
                   WHERE ranked_at > clock_timestamp() - max_age AND policy = ${s}.live_policy()
                     AND rfm_population IS NOT NULL AND abc_summary IS NOT NULL) THEN
          RETURN NULL;
        END IF;
        -- Advisory locks nest within a session: this one already holds it.
        ranked := ${s}.refresh_abc_ranking(interval '0');
        SELECT st.policy INTO pol FROM ${s}.abc_ranking_state st;

        DELETE FROM ${s}.rfm_ranking;
        INSERT INTO ${s}.rfm_ranking
          (customer_id, last_order_at, frequency, monetary, recency, frequency_score, monetary_score)
        SELECT c.customer_id, c.last_order_at, c.order_count, c.revenue,
               ntile(b.b) OVER (ORDER BY c.last_order_at, c.customer_id),
               ntile(b.b) OVER (ORDER BY c.order_count, c.customer_id),
               ntile(b.b) OVER (ORDER BY c.revenue, c.customer_id)
        FROM ${s}.customer_value c,
             (SELECT greatest(1, (pol #>> '{rfm,buckets}')::int) AS b) b
        WHERE c.order_count > 0;
        GET DIAGNOSTICS n = ROW_COUNT;

        UPDATE ${s}.abc_ranking_state st SET rfm_population = n, abc_summary = (
          WITH win AS (
            SELECT st.policy #>> '{abc,measure}' AS measure, (st.policy #>> '{abc,windowMonths}')::int AS months,
                   ((st.ranked_at AT TIME ZONE 'UTC') - make_interval(months => (st.policy #>> '{abc,windowMonths}')::int))
                     AT TIME ZONE 'UTC' AS start
          ),
          rev AS (
            SELECT o.customer_id, sum(o.amount) AS revenue
            FROM ${s}.order_fact o, win
            WHERE win.measure <> 'revenue' AND o.cancelled_at IS NULL
              AND o.ordered_at >= win.start AND o.ordered_at < st.ranked_at
            GROUP BY o.customer_id
          ),
          ar AS (
            SELECT a.*, CASE WHEN win.measure = 'revenue' THEN a.measure_value ELSE coalesce(rev.revenue, 0) END AS revenue
            FROM ${s}.abc_ranking a CROSS JOIN win LEFT JOIN rev ON rev.customer_id = a.customer_id
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
          SELECT jsonb_build_object(
                   'policyVersion', st.policy_version, 'measure', win.measure, 'windowMonths', win.months,
                   'windowStart', win.start,
                   'classes', jsonb_agg(jsonb_build_object(
                     'abcClass', c.abc_class, 'customers', c.customers,
                     'customerShare', CASE WHEN tot.n > 0 THEN round(c.customers::numeric / tot.n, 4)::text END,
                     'measure', c.measure::numeric(18,2)::text,
                     'measureShare', CASE WHEN tot.tm <> 0 THEN round(c.measure / tot.tm, 4)::text END,
                     'revenue', c.revenue::numeric(18,2)::text,
                     'revenueShare', CASE WHEN tot.tr <> 0 THEN round(c.revenue / tot.tr, 4)::text END,
                     'firstRank', c.first_rank, 'lastRank', c.last_rank,
                     'measureAtCutoff', c.at_cutoff::numeric(18,2)::text) ORDER BY c.abc_class),
                   'population', tot.n::int,
                   'totalMeasure', tot.tm::numeric(18,2)::text, 'totalRevenue', tot.tr::numeric(18,2)::text)
          FROM classes c, win, tot
          GROUP BY win.measure, win.months, win.start, tot.n, tot.tm, tot.tr);
        RETURN ranked;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`DROP FUNCTION IF EXISTS ${s}.refresh_value_ranking(interval)`);
    await q.query(
      `ALTER TABLE ${s}.abc_ranking_state DROP COLUMN IF EXISTS abc_summary, DROP COLUMN IF EXISTS rfm_population`,
    );
    await q.query(`DROP TABLE IF EXISTS ${s}.rfm_ranking`);
  }
}
