/**
 * Everything GET /customers/{id}/explain needs in one statement ($1 as-of, $2 customer), with the
 * same SQL functions the read side classifies with:
 * - the live policy (read_models.live_policy()) and the row of its last SegmentationPolicyChanged;
 * - the ABC ranking of read_models.abc_classes($1, policy), N, the cut-off ranks exactly as
 *   abc_classes computes them (ceil(percent · N / 100)) and the measure at those ranks;
 * - the customer's live orders in the window, and its first, last and reactivating live order at
 *   or before $1 (the reactivation rule of read_models.lifecycle_refresh), and the stage that
 *   read_models.lifecycle_stage gives for them.
 */
export const EXPLAIN_SQL = `
WITH pol AS (
  SELECT read_models.live_policy() AS policy, lp.version, lp.global_position, lp.changed_at
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT p.version, p.global_position, p.changed_at FROM read_models.segmentation_policy p
    ORDER BY p.global_position DESC, p.version DESC LIMIT 1
  ) AS lp ON true
),
a AS MATERIALIZED (SELECT x.* FROM pol, read_models.abc_classes($1::timestamptz, pol.policy) x),
cut AS (
  SELECT n.n,
         ceil((pol.policy #>> '{abc,aPercent}')::numeric * n.n / 100)::bigint AS a_cut,
         ceil((pol.policy #>> '{abc,abPercent}')::numeric * n.n / 100)::bigint AS ab_cut
  FROM pol, (SELECT count(*) AS n FROM a) AS n
),
win AS (
  SELECT (($1::timestamptz AT TIME ZONE 'UTC')
           - make_interval(months => (pol.policy #>> '{abc,windowMonths}')::int)) AT TIME ZONE 'UTC' AS start
  FROM pol
),
in_window AS (
  SELECT count(*)::int AS orders
  FROM read_models.order_fact o, win
  WHERE o.customer_id = $2 AND o.cancelled_at IS NULL AND o.ordered_at >= win.start AND o.ordered_at < $1::timestamptz
),
lo AS (
  SELECT f.ordered_at, lag(f.ordered_at) OVER (ORDER BY f.ordered_at, f.order_id) AS prev_at
  FROM read_models.order_fact f
  WHERE f.customer_id = $2 AND f.cancelled_at IS NULL AND f.ordered_at <= $1::timestamptz
),
life AS (
  SELECT min(lo.ordered_at) AS first_at, max(lo.ordered_at) AS last_at,
         max(CASE WHEN lo.ordered_at - lo.prev_at
                       > (pol.policy #>> '{lifecycle,dormantAfterDays}')::int * interval '24 hours'
                  THEN lo.ordered_at END) AS react_at
  FROM pol LEFT JOIN lo ON true
)
SELECT c.registered_at AS "registeredAt", c.last_global_position::text AS "lastGlobalPosition",
       pol.policy, pol.version AS "policyVersion", pol.global_position::text AS "policyPosition",
       pol.changed_at AS "policyChangedAt",
       me.abc_class AS "abcClass", me.rank::int AS "rank", me.measure_value::text AS "measureValue",
       cut.n::int AS "population", cut.a_cut::int AS "aCut", cut.ab_cut::int AS "abCut",
       (SELECT x.measure_value::text FROM a x WHERE x.rank = least(cut.a_cut, cut.n)) AS "aCutMeasure",
       (SELECT x.measure_value::text FROM a x WHERE x.rank = least(cut.ab_cut, cut.n)) AS "abCutMeasure",
       win.start AS "windowStart", in_window.orders AS "ordersInWindow",
       life.first_at AS "firstOrderAt", life.last_at AS "lastOrderAt", life.react_at AS "reactivatedAt",
       read_models.lifecycle_stage(life.first_at, life.last_at, life.react_at, $1::timestamptz, pol.policy) AS "stage"
FROM read_models.customer_value c
CROSS JOIN pol CROSS JOIN cut CROSS JOIN win CROSS JOIN in_window CROSS JOIN life
LEFT JOIN a AS me ON me.customer_id = c.customer_id
WHERE c.customer_id = $2`;

/** The lifecycle transition in force at $2 and the next scheduled one ($1 customer). */
export const TRANSITIONS_SQL = `
(SELECT 'current' AS which, t.at, t.from_stage AS "fromStage", t.to_stage AS "toStage",
        t.global_position::text AS "globalPosition"
 FROM read_models.lifecycle_transition t WHERE t.customer_id = $1 AND t.at <= $2::timestamptz
 ORDER BY t.at DESC LIMIT 1)
UNION ALL
(SELECT 'next', t.at, t.from_stage, t.to_stage, t.global_position::text
 FROM read_models.lifecycle_transition t WHERE t.customer_id = $1 AND t.at > $2::timestamptz
 ORDER BY t.at LIMIT 1)`;

/**
 * The customer's last OrderRecorded / OrderCancelled with a business time at or before $2, among
 * the events the value read model has already applied (position at most $3).
 */
export const LAST_ORDER_EVENT_SQL = `
SELECT i.global_position::text AS "globalPosition"
FROM read_models.interaction_index i
WHERE i.customer_id = $1 AND i.event_type IN ('OrderRecorded', 'OrderCancelled')
  AND i.occurred_at <= $2::timestamptz AND i.global_position <= $3::bigint
ORDER BY i.global_position DESC LIMIT 1`;
