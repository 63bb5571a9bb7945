import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the rep scorecard needs besides quotas: each rep's orders (so that a cancellation reverses
 * its day's sales), territories, and the opportunity pipeline.
 *
 * The rep-quota projection moves to version 2 (it now handles OrderCancelled and TerritoryAssigned);
 * its tables are emptied here so that version 2 rebuilds them from the start of the log instead of
 * adding its replay to version 1's rows.
 */
export class RepScorecard1763900300001 implements MigrationInterface {
  name = 'RepScorecard1763900300001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE read_models.rep_order (
        customer_id text NOT NULL,
        order_id text NOT NULL,
        rep_id text NOT NULL,
        day date NOT NULL,
        amount numeric(18,2) NOT NULL,
        volume bigint NOT NULL,
        list_amount numeric(18,2) NOT NULL,
        priced_amount numeric(18,2) NOT NULL,
        cancelled_at timestamptz,
        PRIMARY KEY (customer_id, order_id)
      )`);
    await q.query(`
      CREATE TABLE read_models.rep_territory (
        rep_id text PRIMARY KEY,
        regions text[] NOT NULL,
        categories text[] NOT NULL,
        brands text[] NOT NULL,
        assigned_at timestamptz NOT NULL,
        global_position bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.rep_opportunity (
        customer_id text NOT NULL,
        opportunity_id text NOT NULL,
        rep_id text,
        title text NOT NULL,
        stage text NOT NULL,
        expected_amount numeric(18,2) NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        order_id text,
        lost_to text,
        global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, opportunity_id)
      )`);
    await q.query(`CREATE INDEX rep_opportunity_rep_idx ON read_models.rep_opportunity (rep_id, opened_at)`);
    await q.query(
      `CREATE INDEX rep_opportunity_customer_idx ON read_models.rep_opportunity (customer_id) WHERE rep_id IS NULL`,
    );
    await q.query(`TRUNCATE read_models.rep, read_models.rep_quota, read_models.rep_sales_day`);
    await q.query(`DELETE FROM read_models.projection_checkpoints WHERE projection = 'rep-quota@v1'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS read_models.rep_opportunity, read_models.rep_territory, read_models.rep_order`,
    );
  }
}
