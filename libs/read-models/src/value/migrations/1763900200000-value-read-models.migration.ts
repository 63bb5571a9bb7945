import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * Customer value and segmentation tables: one fact row per order (the contract other read models
 * build on), the customers with their running value, the lifecycle transitions and the versioned
 * segmentation policy. Functions over them come in the next migration.
 */
export class ValueReadModels1763900200000 implements MigrationInterface {
  name = 'ValueReadModels1763900200000';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await q.query(`
      CREATE TABLE ${s}.order_fact (
        order_id text NOT NULL,
        customer_id text NOT NULL,
        rep_id text,
        channel text NOT NULL,
        ordered_at timestamptz NOT NULL,
        quantity bigint NOT NULL,
        amount numeric(18,2) NOT NULL,
        -- sum of qty × unitCost when every line has a unit cost, else null
        cost numeric(18,2),
        -- qty × listPrice and qty × unitPrice over the lines that have a list price
        list_amount numeric(18,2) NOT NULL DEFAULT 0,
        priced_amount numeric(18,2) NOT NULL DEFAULT 0,
        paid numeric(18,2) NOT NULL DEFAULT 0,
        cancelled_at timestamptz,
        last_global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, order_id)
      )`);
    // ABC / Pareto / cubes scan a time window of live orders.
    await q.query(`
      CREATE INDEX order_fact_window_idx ON ${s}.order_fact (ordered_at)
        INCLUDE (customer_id, amount, cost) WHERE cancelled_at IS NULL`);
    // Lifecycle: a customer's live orders in time order.
    await q.query(`
      CREATE INDEX order_fact_customer_time_idx ON ${s}.order_fact (customer_id, ordered_at)
        WHERE cancelled_at IS NULL`);
    // Receivables: live orders with something still to pay.
    await q.query(`
      CREATE INDEX order_fact_open_idx ON ${s}.order_fact (ordered_at)
        INCLUDE (customer_id, rep_id, amount, paid) WHERE cancelled_at IS NULL AND paid < amount`);
    await q.query(`CREATE INDEX order_fact_rep_idx ON ${s}.order_fact (rep_id, ordered_at)`);

    await q.query(`
      CREATE TABLE ${s}.segmentation_policy (
        version integer PRIMARY KEY,
        policy jsonb NOT NULL,
        changed_at timestamptz NOT NULL,
        global_position bigint NOT NULL
      )`);
    await q.query(
      `CREATE INDEX segmentation_policy_position_idx ON ${s}.segmentation_policy (global_position)`,
    );

    await q.query(`
      CREATE TABLE ${s}.customer_value (
        customer_id text PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL,
        region text NOT NULL,
        industry text,
        preferred_channel text,
        source text,
        partner_id text,
        external_id text,
        registered_at timestamptz NOT NULL,
        owner_rep_id text,
        owner_assigned_at timestamptz,
        profile_change_count integer NOT NULL DEFAULT 0,
        profile_updated_at timestamptz,
        order_count integer NOT NULL DEFAULT 0,
        volume bigint NOT NULL DEFAULT 0,
        revenue numeric(18,2) NOT NULL DEFAULT 0,
        -- cost and revenue of the orders whose cost is known (every line has a unit cost)
        cost numeric(18,2) NOT NULL DEFAULT 0,
        costed_revenue numeric(18,2) NOT NULL DEFAULT 0,
        list_amount numeric(18,2) NOT NULL DEFAULT 0,
        priced_amount numeric(18,2) NOT NULL DEFAULT 0,
        -- payments on live (not cancelled) orders
        paid numeric(18,2) NOT NULL DEFAULT 0,
        first_order_at timestamptz,
        last_order_at timestamptz,
        -- latest order that ended a dormant gap (with the live policy)
        last_reactivated_at timestamptz,
        visit_count integer NOT NULL DEFAULT 0,
        visit_cost numeric(18,2) NOT NULL DEFAULT 0,
        last_visit_at timestamptz,
        last_global_position bigint NOT NULL
      ) WITH (fillfactor = 80)`);
    await q.query(`CREATE INDEX customer_value_region_idx ON ${s}.customer_value (region, customer_id)`);
    await q.query(`CREATE INDEX customer_value_type_idx ON ${s}.customer_value (type, customer_id)`);
    await q.query(`CREATE INDEX customer_value_owner_idx ON ${s}.customer_value (owner_rep_id, customer_id)`);
    await q.query(`CREATE INDEX customer_value_name_idx ON ${s}.customer_value (name, customer_id)`);
    await q.query(`CREATE INDEX customer_value_revenue_idx ON ${s}.customer_value (revenue, customer_id)`);
    await q.query(
      `CREATE INDEX customer_value_last_order_idx ON ${s}.customer_value (last_order_at, customer_id)`,
    );

    await q.query(`
      CREATE TABLE ${s}.lifecycle_transition (
        customer_id text NOT NULL,
        at timestamptz NOT NULL,
        from_stage text,
        to_stage text NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, at)
      )`);
    await q.query(
      `CREATE INDEX lifecycle_transition_at_idx ON ${s}.lifecycle_transition (at) INCLUDE (to_stage, customer_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`DROP TABLE IF EXISTS ${s}.lifecycle_transition`);
    await q.query(`DROP TABLE IF EXISTS ${s}.customer_value`);
    await q.query(`DROP TABLE IF EXISTS ${s}.segmentation_policy`);
    await q.query(`DROP TABLE IF EXISTS ${s}.order_fact`);
  }
}
