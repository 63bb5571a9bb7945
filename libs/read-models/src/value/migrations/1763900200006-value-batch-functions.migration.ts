import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';
import { policyCte } from './1763900200002-value-lifecycle-functions.migration';

/**
 * The rows of lifecycle_append_many's customers from their order on that the new timeline does not
 * keep. `per-customer` (this migration): the check against the new transitions ran once per
 * customer, each time over all of them. `once` (migration 1763900200007): the customers' rows are
 * gathered first, then checked in one anti-join.
 */
const REMOVED_PER_CUSTOMER = (
  s: string,
) => `        -- Each customer's rows from its order on, found through the primary key (OFFSET 0 keeps the
        -- lateral lookup from being flattened into a join) and deleted by row id: a join of the table
        -- with the arrays is planned as a scan of the whole table whenever its statistics lag behind,
        -- as they do through a rebuild.
        removed AS (
          DELETE FROM ${s}.lifecycle_transition x
          WHERE x.ctid = ANY (ARRAY(
            SELECT y.ctid FROM a, LATERAL (
              SELECT y.ctid, y.customer_id, y.at FROM ${s}.lifecycle_transition y
              WHERE y.customer_id = a.customer_id AND y.at >= a.order_at
              OFFSET 0
            ) y
            WHERE NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.customer_id = y.customer_id AND ch.t = y.at)
          ))
        )
`;

const REMOVED_ONCE = (
  s: string,
) => `        -- Each customer's rows from its order on, found through the primary key (OFFSET 0 keeps the
        -- lateral lookup from being flattened into a join: a join of the table with the arrays is
        -- planned as a scan of the whole table whenever its statistics lag behind, as they do
        -- through a rebuild), gathered once, so that the check against the new transitions is one
        -- anti-join, and deleted by row id.
        existing AS MATERIALIZED (
          SELECT y.ctid AS row_id, y.customer_id, y.at FROM a, LATERAL (
            SELECT y.ctid, y.customer_id, y.at FROM ${s}.lifecycle_transition y
            WHERE y.customer_id = a.customer_id AND y.at >= a.order_at
            OFFSET 0
          ) y
        ),
        removed AS (
          DELETE FROM ${s}.lifecycle_transition x
          WHERE x.ctid = ANY (ARRAY(
            SELECT e.row_id FROM existing e
            WHERE NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.customer_id = e.customer_id AND ch.t = e.at)
          ))
        )
`;

/**
 * lifecycle_append_many: the lifecycle of each customer in the arrays after an order at or after its
 * last live one, from the candidate instants of the order's segment against the customer's last
 * transition before it. It plans its statement for each call (see up()). `per-customer` is created
 * by this migration; 1763900200007 replaces it with `once`, and its down restores `per-customer`.
 */
export const lifecycleAppendManySql = (s: string, removal: 'per-customer' | 'once') => `
      CREATE OR REPLACE FUNCTION ${s}.lifecycle_append_many(
        p_customer text[], p_first timestamptz[], p_order_at timestamptz[], p_react timestamptz[],
        p_position bigint[])
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $fn$
      BEGIN
        WITH ${policyCte(s)},
        a AS (
          SELECT * FROM unnest(p_customer, p_first, p_order_at, p_react, p_position)
            AS a(customer_id, first_at, order_at, react_at, position)
        ),
        candidates AS (
          SELECT DISTINCT a.customer_id, v.t,
                 ${s}.lifecycle_stage(a.first_at, a.order_at, a.react_at, v.t, pol.policy) AS stage
          FROM a, pol,
               LATERAL (VALUES (a.order_at), (a.order_at + pol.at_risk), (a.order_at + pol.dormant),
                               (a.first_at + pol.new_within), (a.react_at + pol.new_within)) AS v(t)
          WHERE v.t IS NOT NULL AND v.t >= a.order_at
        ),
        before AS (
          SELECT a.customer_id, b.t, b.stage
          FROM a, LATERAL (
            SELECT x.at AS t, x.to_stage AS stage FROM ${s}.lifecycle_transition x
            WHERE x.customer_id = a.customer_id AND x.at < a.order_at
            ORDER BY x.at DESC LIMIT 1
          ) b
        ),
        timeline AS (
          SELECT u.customer_id, u.t, u.stage, u.seed,
                 lag(u.stage) OVER (PARTITION BY u.customer_id ORDER BY u.t) AS prev_stage
          FROM (SELECT customer_id, t, stage, true AS seed FROM before
                UNION ALL SELECT customer_id, t, stage, false FROM candidates) u
        ),
        changes AS (
          SELECT customer_id, t, prev_stage, stage FROM timeline
          WHERE NOT seed AND prev_stage IS DISTINCT FROM stage
        ),
${removal === 'per-customer' ? REMOVED_PER_CUSTOMER(s) : REMOVED_ONCE(s)}        INSERT INTO ${s}.lifecycle_transition AS x (customer_id, at, from_stage, to_stage, global_position)
        SELECT ch.customer_id, ch.t, ch.prev_stage, ch.stage, a.position FROM changes ch JOIN a USING (customer_id)
        ON CONFLICT (customer_id, at) DO UPDATE
          SET from_stage = excluded.from_stage, to_stage = excluded.to_stage, global_position = excluded.global_position
          WHERE (x.from_stage, x.to_stage) IS DISTINCT FROM (excluded.from_stage, excluded.to_stage);
      END
      $fn$`;

/**
 * Set-based forms of value_record_order and lifecycle_append (migrations 1763900200003 and
 * 1763900200002) for the projection's batches: one call records the orders of many customers, at
 * most one order per customer (the batch is split into such waves), with the same rows as calling
 * the per-event functions for each. The per-event functions stay: they are the reference the batch
 * route is tested against, and the route that isolates a failing event.
 */
export class ValueBatchFunctions1763900200006 implements MigrationInterface {
  name = 'ValueBatchFunctions1763900200006';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    // lifecycle_stage adds intervals to timestamptz (a stable operator), so declared immutable it was
    // never inlined: every call ran as a function of its own. Stable, it is inlined into the
    // statements that call it (the lifecycle functions, the customer list and detail).
    await q.query(
      `ALTER FUNCTION ${s}.lifecycle_stage(timestamptz, timestamptz, timestamptz, timestamptz, jsonb) STABLE`,
    );
    // Both functions plan their statements for each call (plan_cache_mode): a plan cached early in a
    // rebuild, when the tables were nearly empty, would scan whole tables once they have grown, and
    // a generic plan cannot see how many customers the arrays hold.
    // The lifecycle of each customer in the arrays after an order at or after its last live one: the
    // candidate instants of the order's segment against the customer's last transition before it.
    await q.query(lifecycleAppendManySql(s, 'per-customer'));
    // Orders of distinct customers; lines flattened, p_line_order naming each line's order (1-based).
    await q.query(`
      CREATE FUNCTION ${s}.value_record_orders(
        p_order_id text[], p_customer text[], p_rep text[], p_channel text[], p_ordered_at timestamptz[],
        p_quantity bigint[], p_amount numeric[], p_position bigint[],
        p_line_order bigint[], p_qty bigint[], p_unit numeric[], p_list numeric[], p_cost numeric[])
      RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $fn$
      DECLARE
        v_dormant interval := (${s}.live_policy() #>> '{lifecycle,dormantAfterDays}')::int * interval '24 hours';
        a_customer text[]; a_first timestamptz[]; a_at timestamptz[]; a_react timestamptz[]; a_pos bigint[];
        r_customer text[]; r_at timestamptz[]; r_pos bigint[];
      BEGIN
        WITH o AS (
          SELECT * FROM unnest(p_order_id, p_customer, p_rep, p_channel, p_ordered_at, p_quantity, p_amount, p_position)
            WITH ORDINALITY AS o(order_id, customer_id, rep_id, channel, ordered_at, quantity, amount, position, n)
        ),
        l AS (
          SELECT l.n,
                 CASE WHEN bool_and(l.unit_cost IS NOT NULL) THEN sum(l.qty * l.unit_cost) END AS cost,
                 coalesce(sum(l.qty * l.list_price), 0) AS list_amount,
                 coalesce(sum(l.qty * l.unit_price) FILTER (WHERE l.list_price IS NOT NULL), 0) AS priced
          FROM unnest(p_line_order, p_qty, p_unit, p_list, p_cost) AS l(n, qty, unit_price, list_price, unit_cost)
          GROUP BY l.n
        ),
        ol AS (
          SELECT o.*, l.cost, coalesce(l.list_amount, 0) AS list_amount, coalesce(l.priced, 0) AS priced
          FROM o LEFT JOIN l ON l.n = o.n
        ),
        ins AS (
          INSERT INTO ${s}.order_fact
            (order_id, customer_id, rep_id, channel, ordered_at, quantity, amount, cost, list_amount, priced_amount,
             last_global_position)
          SELECT order_id, customer_id, rep_id, channel, ordered_at, quantity, amount, cost, list_amount, priced,
                 position
          FROM ol
          ON CONFLICT (customer_id, order_id) DO NOTHING
          RETURNING customer_id, order_id
        ),
        cur AS (
          SELECT ol.*, c.first_order_at, c.last_order_at, c.last_reactivated_at,
                 (c.last_order_at IS NULL OR ol.ordered_at >= c.last_order_at) AS in_order
          FROM ins JOIN ol USING (customer_id, order_id)
          JOIN ${s}.customer_value c ON c.customer_id = ins.customer_id
        ),
        nxt AS (
          SELECT cur.*,
                 CASE WHEN in_order THEN coalesce(first_order_at, ordered_at) ELSE first_order_at END AS v_first,
                 CASE WHEN in_order THEN ordered_at ELSE last_order_at END AS v_last,
                 CASE WHEN in_order AND last_order_at IS NOT NULL AND ordered_at - last_order_at > v_dormant
                      THEN ordered_at ELSE last_reactivated_at END AS v_react
          FROM cur
        ),
        upd AS (
          UPDATE ${s}.customer_value c SET
            order_count = c.order_count + 1,
            volume = c.volume + n.quantity,
            revenue = c.revenue + n.amount,
            cost = c.cost + coalesce(n.cost, 0),
            costed_revenue = c.costed_revenue + CASE WHEN n.cost IS NULL THEN 0 ELSE n.amount END,
            list_amount = c.list_amount + n.list_amount,
            priced_amount = c.priced_amount + n.priced,
            first_order_at = n.v_first, last_order_at = n.v_last, last_reactivated_at = n.v_react,
            last_global_position = n.position
          FROM nxt n WHERE c.customer_id = n.customer_id
        )
        SELECT array_agg(customer_id) FILTER (WHERE in_order), array_agg(v_first) FILTER (WHERE in_order),
               array_agg(ordered_at) FILTER (WHERE in_order), array_agg(v_react) FILTER (WHERE in_order),
               array_agg(position) FILTER (WHERE in_order),
               array_agg(customer_id) FILTER (WHERE NOT in_order), array_agg(ordered_at) FILTER (WHERE NOT in_order),
               array_agg(position) FILTER (WHERE NOT in_order)
          INTO a_customer, a_first, a_at, a_react, a_pos, r_customer, r_at, r_pos
          FROM nxt;
        IF a_customer IS NOT NULL THEN
          PERFORM ${s}.lifecycle_append_many(a_customer, a_first, a_at, a_react, a_pos);
        END IF;
        -- An order dated before the customer's last one: the general recomputation, one customer at a time.
        IF r_customer IS NOT NULL THEN
          PERFORM ${s}.lifecycle_refresh(r.customer_id, r.at, r.position)
            FROM unnest(r_customer, r_at, r_pos) AS r(customer_id, at, position);
        END IF;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(
      `ALTER FUNCTION ${s}.lifecycle_stage(timestamptz, timestamptz, timestamptz, timestamptz, jsonb) IMMUTABLE`,
    );
    await q.query(
      `DROP FUNCTION IF EXISTS ${s}.value_record_orders(text[], text[], text[], text[], timestamptz[], bigint[], numeric[], bigint[], bigint[], bigint[], numeric[], numeric[], numeric[])`,
    );
    await q.query(
      `DROP FUNCTION IF EXISTS ${s}.lifecycle_append_many(text[], timestamptz[], timestamptz[], timestamptz[], bigint[])`,
    );
  }
}
