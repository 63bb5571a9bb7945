import type { MigrationInterface, QueryRunner } from 'typeorm';

/** First read models: customer summary, reps, rep sales per month, quotas, projection checkpoints. */
export class ReadModels1763900100000 implements MigrationInterface {
  name = 'ReadModels1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS read_models`);
    await q.query(`
      CREATE TABLE read_models.projection_checkpoints (
        projection text PRIMARY KEY,
        log_position text NOT NULL,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE read_models.customer_summary (
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
        lifecycle_stage text NOT NULL,
        order_count integer NOT NULL DEFAULT 0,
        volume bigint NOT NULL DEFAULT 0,
        revenue numeric(18,2) NOT NULL DEFAULT 0,
        first_order_at timestamptz,
        last_order_at timestamptz,
        visit_count integer NOT NULL DEFAULT 0,
        last_visit_at timestamptz,
        visit_cost numeric(18,2) NOT NULL DEFAULT 0,
        last_global_position bigint NOT NULL
      )`);
    await q.query(
      `CREATE INDEX customer_summary_region_idx ON read_models.customer_summary (region, customer_id)`,
    );
    await q.query(
      `CREATE INDEX customer_summary_type_idx ON read_models.customer_summary (type, customer_id)`,
    );
    await q.query(
      `CREATE INDEX customer_summary_stage_idx ON read_models.customer_summary (lifecycle_stage, customer_id)`,
    );
    await q.query(`
      CREATE TABLE read_models.rep (
        rep_id text PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL,
        manager_id text,
        onboarded_at timestamptz NOT NULL,
        last_global_position bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.rep_quota (
        rep_id text NOT NULL,
        period text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        target_amount numeric(18,2) NOT NULL,
        target_volume bigint NOT NULL,
        category_targets jsonb NOT NULL DEFAULT '[]',
        revision integer NOT NULL,
        last_global_position bigint NOT NULL,
        PRIMARY KEY (rep_id, period)
      )`);
    await q.query(`
      CREATE TABLE read_models.rep_sales_day (
        rep_id text NOT NULL,
        day date NOT NULL,
        amount numeric(18,2) NOT NULL DEFAULT 0,
        volume bigint NOT NULL DEFAULT 0,
        list_amount numeric(18,2) NOT NULL DEFAULT 0,
        priced_amount numeric(18,2) NOT NULL DEFAULT 0,
        order_count integer NOT NULL DEFAULT 0,
        PRIMARY KEY (rep_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA read_models CASCADE`);
  }
}
