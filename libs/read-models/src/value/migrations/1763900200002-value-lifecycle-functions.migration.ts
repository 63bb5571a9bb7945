import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * The live policy's lifecycle thresholds as intervals (days of 24 hours, UTC), as a CTE named pol
 * (also used by the set-based functions of migration 1763900200006).
 */
export const policyCte = (s: string) => `
  pol AS (
    SELECT x AS policy,
           (x #>> '{lifecycle,newWithinDays}')::int * interval '24 hours' AS new_within,
           (x #>> '{lifecycle,atRiskAfterDays}')::int * interval '24 hours' AS at_risk,
           (x #>> '{lifecycle,dormantAfterDays}')::int * interval '24 hours' AS dormant
    FROM ${s}.live_policy() AS x
  )`;

/**
 * Rewrites the lifecycle transitions of one customer from p_from on (`one`), or of every customer
 * (`all`), from the live orders: candidate instants per order segment [order, next order) are
 * evaluated with lifecycle_stage and only changes are kept; rows still right are left alone, the
 * others deleted or upserted; the customer's first / last order and last reactivation follow.
 */
const refreshStatement = (s: string, scope: 'one' | 'all') => {
  const only = (column: string) => (scope === 'one' ? `AND ${column} = p_customer` : '');
  const from = (column: string) => (scope === 'one' ? `AND ${column} >= p_from` : '');
  return `
  WITH ${policyCte(s)},
  o AS (
    SELECT f.customer_id, f.order_id, f.ordered_at,
           lag(f.ordered_at) OVER w AS prev_at, lead(f.ordered_at) OVER w AS next_at,
           min(f.ordered_at) OVER (PARTITION BY f.customer_id) AS first_at
    FROM ${s}.order_fact f
    WHERE f.cancelled_at IS NULL ${only('f.customer_id')}
    WINDOW w AS (PARTITION BY f.customer_id ORDER BY f.ordered_at, f.order_id)
  ),
  r AS (
    SELECT o.*, max(CASE WHEN o.ordered_at - o.prev_at > pol.dormant THEN o.ordered_at END) OVER (
             PARTITION BY o.customer_id ORDER BY o.ordered_at, o.order_id ROWS UNBOUNDED PRECEDING) AS react_at
    FROM o, pol
  ),
  staged AS (
    SELECT DISTINCT r.customer_id, v.t,
           ${s}.lifecycle_stage(r.first_at, r.ordered_at, r.react_at, v.t, pol.policy) AS stage
    FROM r, pol,
         LATERAL (VALUES (r.ordered_at), (r.ordered_at + pol.at_risk), (r.ordered_at + pol.dormant),
                         (r.first_at + pol.new_within), (r.react_at + pol.new_within)) AS v(t)
    WHERE v.t IS NOT NULL AND v.t >= r.ordered_at AND (r.next_at IS NULL OR v.t < r.next_at)
  ),
  agg AS (
    SELECT r.customer_id, min(r.ordered_at) AS first_at, max(r.ordered_at) AS last_at, max(r.react_at) AS react_at
    FROM r GROUP BY r.customer_id
  ),
  customers AS (
    SELECT c.customer_id, c.registered_at, c.first_order_at, c.last_order_at, c.last_reactivated_at,
           a.first_at, a.last_at, a.react_at
    FROM ${s}.customer_value c LEFT JOIN agg a ON a.customer_id = c.customer_id
    WHERE true ${only('c.customer_id')}
  ),
  timeline AS (
    SELECT s.customer_id, s.t, s.stage, lag(s.stage) OVER (PARTITION BY s.customer_id ORDER BY s.t) AS prev_stage
    FROM (
      SELECT customer_id, t, stage FROM staged
      UNION ALL
      SELECT customer_id, registered_at, 'prospect' FROM customers WHERE first_at IS NULL OR first_at > registered_at
    ) s
  ),
  changes AS (
    SELECT customer_id, t, prev_stage, stage FROM timeline
    WHERE prev_stage IS DISTINCT FROM stage ${from('t')}
  ),
  removed AS (
    DELETE FROM ${s}.lifecycle_transition x
    WHERE true ${only('x.customer_id')} ${from('x.at')}
      AND NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.customer_id = x.customer_id AND ch.t = x.at)
  ),
  written AS (
    INSERT INTO ${s}.lifecycle_transition AS x (customer_id, at, from_stage, to_stage, global_position)
    SELECT customer_id, t, prev_stage, stage, p_position FROM changes
    ON CONFLICT (customer_id, at) DO UPDATE
      SET from_stage = excluded.from_stage, to_stage = excluded.to_stage, global_position = excluded.global_position
      WHERE (x.from_stage, x.to_stage) IS DISTINCT FROM (excluded.from_stage, excluded.to_stage)
  )
  UPDATE ${s}.customer_value c
  SET first_order_at = k.first_at, last_order_at = k.last_at, last_reactivated_at = k.react_at
  FROM customers k
  WHERE c.customer_id = k.customer_id
    AND (k.first_order_at, k.last_order_at, k.last_reactivated_at) IS DISTINCT FROM (k.first_at, k.last_at, k.react_at)`;
};

/**
 * Lifecycle maintenance in PL/pgSQL, so that each event costs one round trip and the statements'
 * plans are cached per connection:
 * - lifecycle_refresh(customer, from, position): the general recomputation (a cancellation, an
 *   order dated before the last one; customer null after a policy change: everyone);
 * - lifecycle_append(customer, first, order_at, reactivated, position): the common case, an order
 *   at or after the last live one. Only the new order's segment can change, and its candidate
 *   instants follow from the first order, the new order and the last reactivation, without
 *   reading the customer's orders.
 */
export class ValueLifecycleFunctions1763900200002 implements MigrationInterface {
  name = 'ValueLifecycleFunctions1763900200002';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`
      CREATE FUNCTION ${s}.lifecycle_refresh(p_customer text, p_from timestamptz, p_position bigint)
      RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF p_customer IS NULL THEN
          ${refreshStatement(s, 'all')};
        ELSE
          ${refreshStatement(s, 'one')};
        END IF;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION ${s}.lifecycle_append(
        p_customer text, p_first timestamptz, p_order_at timestamptz, p_react timestamptz, p_position bigint)
      RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        WITH ${policyCte(s)},
        candidates AS (
          SELECT DISTINCT v.t, ${s}.lifecycle_stage(p_first, p_order_at, p_react, v.t, pol.policy) AS stage
          FROM pol,
               LATERAL (VALUES (p_order_at), (p_order_at + pol.at_risk), (p_order_at + pol.dormant),
                               (p_first + pol.new_within), (p_react + pol.new_within)) AS v(t)
          WHERE v.t IS NOT NULL AND v.t >= p_order_at
        ),
        before AS (
          SELECT x.at AS t, x.to_stage AS stage FROM ${s}.lifecycle_transition x
          WHERE x.customer_id = p_customer AND x.at < p_order_at
          ORDER BY x.at DESC LIMIT 1
        ),
        timeline AS (
          SELECT s.t, s.stage, s.seed, lag(s.stage) OVER (ORDER BY s.t) AS prev_stage
          FROM (SELECT t, stage, true AS seed FROM before UNION ALL SELECT t, stage, false FROM candidates) s
        ),
        changes AS (SELECT t, prev_stage, stage FROM timeline WHERE NOT seed AND prev_stage IS DISTINCT FROM stage),
        removed AS (
          DELETE FROM ${s}.lifecycle_transition x
          WHERE x.customer_id = p_customer AND x.at >= p_order_at
            AND NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.t = x.at)
        )
        INSERT INTO ${s}.lifecycle_transition AS x (customer_id, at, from_stage, to_stage, global_position)
        SELECT p_customer, t, prev_stage, stage, p_position FROM changes
        ON CONFLICT (customer_id, at) DO UPDATE
          SET from_stage = excluded.from_stage, to_stage = excluded.to_stage, global_position = excluded.global_position
          WHERE (x.from_stage, x.to_stage) IS DISTINCT FROM (excluded.from_stage, excluded.to_stage);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(
      `DROP FUNCTION IF EXISTS ${s}.lifecycle_append(text, timestamptz, timestamptz, timestamptz, bigint)`,
    );
    await q.query(`DROP FUNCTION IF EXISTS ${s}.lifecycle_refresh(text, timestamptz, bigint)`);
  }
}
