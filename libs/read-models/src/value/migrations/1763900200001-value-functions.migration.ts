import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * DEFAULT_SEGMENTATION_POLICY of @crm/events, written out: a migration must not change when the
 * constant does (a unit test keeps the two equal; a new default needs a new migration).
 */
export const DEFAULT_POLICY_JSON =
  '{"abc":{"measure":"revenue","windowMonths":12,"aPercent":5,"abPercent":20},' +
  '"lifecycle":{"newWithinDays":90,"atRiskAfterDays":90,"dormantAfterDays":180},"rfm":{"buckets":5}}';

/**
 * SQL functions over the value read models:
 * - live_policy(): the last SegmentationPolicyChanged, else the default policy;
 * - abc_classes(as_of, policy) / live_abc_classes(as_of): ABC classification exactly as DOMAIN.md;
 * - lifecycle_stage(first, last, last_reactivated, as_of, policy): a customer's stage at an instant.
 */
export class ValueFunctions1763900200001 implements MigrationInterface {
  name = 'ValueFunctions1763900200001';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`
      CREATE FUNCTION ${s}.live_policy() RETURNS jsonb
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(
          (SELECT p.policy FROM ${s}.segmentation_policy p
           ORDER BY p.global_position DESC, p.version DESC LIMIT 1),
          '${DEFAULT_POLICY_JSON}'::jsonb)
      $$`);

    // Window [as_of − windowMonths months, as_of) in UTC by ordered_at; population: customers
    // registered before as_of; cancelled orders never count (whenever they were cancelled).
    // gross_margin counts amount − cost over orders whose cost is known; an order without a known
    // cost adds 0 to the measure but still makes the customer one "with something in the window".
    // Customers with nothing in the window rank last (by id) and report measure 0.
    await q.query(`
      CREATE FUNCTION ${s}.abc_classes(as_of timestamptz, policy jsonb)
      RETURNS TABLE(customer_id text, measure_value numeric, rank bigint, abc_class text)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH p AS (
          SELECT abc_classes.policy #>> '{abc,measure}' AS measure,
                 ((abc_classes.as_of AT TIME ZONE 'UTC')
                   - make_interval(months => (abc_classes.policy #>> '{abc,windowMonths}')::int))
                   AT TIME ZONE 'UTC' AS window_start,
                 (abc_classes.policy #>> '{abc,aPercent}')::numeric AS a_pct,
                 (abc_classes.policy #>> '{abc,abPercent}')::numeric AS ab_pct
        ),
        measured AS (
          SELECT o.customer_id,
                 sum(CASE WHEN p.measure = 'gross_margin' THEN coalesce(o.amount - o.cost, 0) ELSE o.amount END) AS m
          FROM ${s}.order_fact o, p
          WHERE o.cancelled_at IS NULL AND o.ordered_at >= p.window_start AND o.ordered_at < abc_classes.as_of
          GROUP BY o.customer_id
        ),
        ranked AS (
          SELECT c.customer_id, m.m,
                 row_number() OVER (ORDER BY (m.m IS NULL), m.m DESC, c.customer_id COLLATE "C") AS rnk,
                 count(*) OVER () AS n
          FROM ${s}.customer_value c
          LEFT JOIN measured m ON m.customer_id = c.customer_id
          WHERE c.registered_at < abc_classes.as_of
        )
        SELECT r.customer_id, round(coalesce(r.m, 0), 2), r.rnk,
               CASE WHEN r.rnk <= ceil(p.a_pct * r.n / 100) THEN 'A'
                    WHEN r.rnk <= ceil(p.ab_pct * r.n / 100) THEN 'B'
                    ELSE 'C' END
        FROM ranked r, p
      $$`);
    await q.query(`
      CREATE FUNCTION ${s}.live_abc_classes(as_of timestamptz)
      RETURNS TABLE(customer_id text, measure_value numeric, rank bigint, abc_class text)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT * FROM ${s}.abc_classes(live_abc_classes.as_of, ${s}.live_policy())
      $$`);

    // Stages are half-open intervals in time: at_risk from last order + atRiskAfterDays, dormant
    // from last order + dormantAfterDays, reactivated for newWithinDays from the order that ended a
    // dormant gap, new for newWithinDays from the first order, else active. Days are 24 hours (UTC).
    await q.query(`
      CREATE FUNCTION ${s}.lifecycle_stage(
        first_order_at timestamptz, last_order_at timestamptz, last_reactivated_at timestamptz,
        as_of timestamptz, policy jsonb)
      RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN $2 IS NULL THEN 'prospect'
          WHEN $4 >= $2 + ($5 #>> '{lifecycle,dormantAfterDays}')::int * interval '24 hours' THEN 'dormant'
          WHEN $4 >= $2 + ($5 #>> '{lifecycle,atRiskAfterDays}')::int * interval '24 hours' THEN 'at_risk'
          WHEN $3 IS NOT NULL AND $4 < $3 + ($5 #>> '{lifecycle,newWithinDays}')::int * interval '24 hours'
            THEN 'reactivated'
          WHEN $4 < $1 + ($5 #>> '{lifecycle,newWithinDays}')::int * interval '24 hours' THEN 'new'
          ELSE 'active'
        END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(
      `DROP FUNCTION IF EXISTS ${s}.lifecycle_stage(timestamptz, timestamptz, timestamptz, timestamptz, jsonb)`,
    );
    await q.query(`DROP FUNCTION IF EXISTS ${s}.live_abc_classes(timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS ${s}.abc_classes(timestamptz, jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS ${s}.live_policy()`);
  }
}
