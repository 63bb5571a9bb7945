import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * OrderRecorded and OrderCancelled in PL/pgSQL (one round trip per event, cached plans):
 * - value_record_order: the order_fact row (cost only when every line has a unit cost; list and
 *   priced amounts over the lines with a list price), the customer's running value, and the
 *   lifecycle: appended when the order is at or after the last live one, else recomputed from it;
 * - value_cancel_order: marks the fact cancelled, takes the order (and its payments) out of the
 *   customer's value and recomputes the lifecycle from the order's time.
 * Both do nothing when the event was applied before (the fact exists / is already cancelled).
 */
export class ValueOrderFunctions1763900200003 implements MigrationInterface {
  name = 'ValueOrderFunctions1763900200003';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`
      CREATE FUNCTION ${s}.value_record_order(
        p_order_id text, p_customer text, p_rep text, p_channel text, p_ordered_at timestamptz,
        p_quantity bigint, p_amount numeric, p_position bigint,
        p_qty bigint[], p_unit numeric[], p_list numeric[], p_cost numeric[])
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        v_cost numeric; v_list numeric; v_priced numeric;
        v_first timestamptz; v_last timestamptz; v_react timestamptz; v_in_order boolean;
      BEGIN
        SELECT CASE WHEN bool_and(l.unit_cost IS NOT NULL) THEN sum(l.qty * l.unit_cost) END,
               coalesce(sum(l.qty * l.list_price), 0),
               coalesce(sum(l.qty * l.unit_price) FILTER (WHERE l.list_price IS NOT NULL), 0)
          INTO v_cost, v_list, v_priced
          FROM unnest(p_qty, p_unit, p_list, p_cost) AS l(qty, unit_price, list_price, unit_cost);
        INSERT INTO ${s}.order_fact
          (order_id, customer_id, rep_id, channel, ordered_at, quantity, amount, cost, list_amount, priced_amount,
           last_global_position)
        VALUES (p_order_id, p_customer, p_rep, p_channel, p_ordered_at, p_quantity, p_amount, v_cost, v_list, v_priced,
                p_position)
        ON CONFLICT (customer_id, order_id) DO NOTHING;
        IF NOT FOUND THEN RETURN; END IF;

        SELECT c.first_order_at, c.last_order_at, c.last_reactivated_at INTO v_first, v_last, v_react
          FROM ${s}.customer_value c WHERE c.customer_id = p_customer;
        IF NOT FOUND THEN RETURN; END IF;
        v_in_order := v_last IS NULL OR p_ordered_at >= v_last;
        IF v_in_order THEN
          IF v_last IS NOT NULL AND p_ordered_at - v_last >
               (${s}.live_policy() #>> '{lifecycle,dormantAfterDays}')::int * interval '24 hours' THEN
            v_react := p_ordered_at;
          END IF;
          v_first := coalesce(v_first, p_ordered_at);
          v_last := p_ordered_at;
        END IF;
        UPDATE ${s}.customer_value c SET
          order_count = c.order_count + 1,
          volume = c.volume + p_quantity,
          revenue = c.revenue + p_amount,
          cost = c.cost + coalesce(v_cost, 0),
          costed_revenue = c.costed_revenue + CASE WHEN v_cost IS NULL THEN 0 ELSE p_amount END,
          list_amount = c.list_amount + v_list,
          priced_amount = c.priced_amount + v_priced,
          first_order_at = v_first, last_order_at = v_last, last_reactivated_at = v_react,
          last_global_position = p_position
        WHERE c.customer_id = p_customer;
        IF v_in_order THEN
          PERFORM ${s}.lifecycle_append(p_customer, v_first, p_ordered_at, v_react, p_position);
        ELSE
          PERFORM ${s}.lifecycle_refresh(p_customer, p_ordered_at, p_position);
        END IF;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION ${s}.value_cancel_order(
        p_customer text, p_order_id text, p_cancelled_at timestamptz, p_position bigint)
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        f ${s}.order_fact%ROWTYPE;
      BEGIN
        UPDATE ${s}.order_fact o SET cancelled_at = p_cancelled_at, last_global_position = p_position
          WHERE o.customer_id = p_customer AND o.order_id = p_order_id AND o.cancelled_at IS NULL
          RETURNING o.* INTO f;
        IF NOT FOUND THEN RETURN; END IF;
        UPDATE ${s}.customer_value c SET
          order_count = c.order_count - 1,
          volume = c.volume - f.quantity,
          revenue = c.revenue - f.amount,
          cost = c.cost - coalesce(f.cost, 0),
          costed_revenue = c.costed_revenue - CASE WHEN f.cost IS NULL THEN 0 ELSE f.amount END,
          list_amount = c.list_amount - f.list_amount,
          priced_amount = c.priced_amount - f.priced_amount,
          paid = c.paid - f.paid,
          last_global_position = p_position
        WHERE c.customer_id = p_customer;
        PERFORM ${s}.lifecycle_refresh(p_customer, f.ordered_at, p_position);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`DROP FUNCTION IF EXISTS ${s}.value_cancel_order(text, text, timestamptz, bigint)`);
    await q.query(
      `DROP FUNCTION IF EXISTS ${s}.value_record_order(text, text, text, text, timestamptz, bigint, numeric, bigint, bigint[], numeric[], numeric[], numeric[])`,
    );
  }
}
