import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics read models: sales cube, contact-plan compliance, competitor feedback, channel
 * economics and the interaction index. Each projection keeps the little customer state it needs in
 * its own table, so that it reads the customer as it was when the event happened and can be rebuilt
 * on its own.
 */
export class Analytics1763900300000 implements MigrationInterface {
  name = 'Analytics1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS read_models`);

    // Sales cube: one row per order line, with the customer's region/type at order time.
    await q.query(`
      CREATE TABLE read_models.sales_customer (
        customer_id text PRIMARY KEY,
        region text NOT NULL,
        type text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.sales_line (
        customer_id text NOT NULL,
        order_id text NOT NULL,
        line_no integer NOT NULL,
        day date NOT NULL,
        region text NOT NULL,
        customer_type text NOT NULL,
        channel text NOT NULL,
        category text NOT NULL,
        brand text NOT NULL,
        sku text NOT NULL,
        price_band text NOT NULL,
        quantity bigint NOT NULL,
        unit_price numeric(18,2) NOT NULL,
        amount numeric(18,2) NOT NULL,
        -- quantity × unit cost; null when the line has no unit cost
        cost numeric(18,2),
        -- quantity × list price (the selling price when the line has none)
        list_amount numeric(18,2) NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, order_id, line_no)
      )`);
    await q.query(`CREATE INDEX sales_line_day_idx ON read_models.sales_line (day)`);

    // Contact-plan compliance: plans (latest revision per period), ownership and visits.
    await q.query(`
      CREATE TABLE read_models.contact_plan (
        period text PRIMARY KEY,
        revision integer NOT NULL,
        rules jsonb NOT NULL,
        set_at timestamptz NOT NULL,
        global_position bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.contact_customer (
        customer_id text PRIMARY KEY,
        owner_rep_id text,
        region text NOT NULL,
        type text NOT NULL,
        global_position bigint NOT NULL
      )`);
    await q.query(
      `CREATE INDEX contact_customer_owner_idx ON read_models.contact_customer (owner_rep_id, customer_id)`,
    );
    await q.query(`
      CREATE TABLE read_models.contact_visit (
        customer_id text NOT NULL,
        visit_id text NOT NULL,
        rep_id text NOT NULL,
        channel text NOT NULL,
        activity_type text NOT NULL,
        cost numeric(18,2) NOT NULL,
        visited_at timestamptz NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, visit_id)
      )`);
    await q.query(`CREATE INDEX contact_visit_rep_idx ON read_models.contact_visit (rep_id, visited_at)`);
    await q.query(`CREATE INDEX contact_visit_time_idx ON read_models.contact_visit (visited_at)`);

    // Competitor feedback, with the customer's region when it was heard.
    await q.query(`
      CREATE TABLE read_models.competitor_customer (
        customer_id text PRIMARY KEY,
        region text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.competitor_feedback (
        customer_id text NOT NULL,
        feedback_id text NOT NULL,
        rep_id text,
        competitor text NOT NULL,
        product text NOT NULL,
        region text NOT NULL,
        rating smallint NOT NULL,
        comment text,
        observed_at timestamptz NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (customer_id, feedback_id)
      )`);
    await q.query(
      `CREATE INDEX competitor_feedback_time_idx ON read_models.competitor_feedback (observed_at)`,
    );
    await q.query(
      `CREATE INDEX competitor_feedback_region_idx ON read_models.competitor_feedback (region, observed_at)`,
    );

    // Channel economics: contacts per contact channel, orders per sales channel, type at the time.
    await q.query(`
      CREATE TABLE read_models.channel_customer (
        customer_id text PRIMARY KEY,
        type text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE read_models.channel_contact (
        customer_id text NOT NULL,
        visit_id text NOT NULL,
        channel text NOT NULL,
        customer_type text NOT NULL,
        cost numeric(18,2) NOT NULL,
        visited_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, visit_id)
      )`);
    await q.query(`CREATE INDEX channel_contact_time_idx ON read_models.channel_contact (visited_at)`);
    await q.query(`
      CREATE TABLE read_models.channel_sale (
        customer_id text NOT NULL,
        order_id text NOT NULL,
        channel text NOT NULL,
        customer_type text NOT NULL,
        quantity bigint NOT NULL,
        amount numeric(18,2) NOT NULL,
        -- cost of the lines with a unit cost, and what those lines sold for
        cost numeric(18,2) NOT NULL,
        costed_amount numeric(18,2) NOT NULL,
        ordered_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, order_id)
      )`);
    await q.query(`CREATE INDEX channel_sale_time_idx ON read_models.channel_sale (ordered_at)`);

    // Interaction index (audit search): one row per customer event, never edited or deleted.
    await q.query(`
      CREATE TABLE read_models.interaction_index (
        global_position bigint PRIMARY KEY,
        customer_id text NOT NULL,
        stream_version integer NOT NULL,
        event_type text NOT NULL,
        event_id text NOT NULL,
        actor_user_id text NOT NULL,
        actor_role text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        command_id text NOT NULL,
        correlation_id text NOT NULL,
        causation_id text NOT NULL,
        summary text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX interaction_customer_idx ON read_models.interaction_index (customer_id, global_position)`,
    );
    await q.query(
      `CREATE INDEX interaction_actor_idx ON read_models.interaction_index (actor_user_id, occurred_at)`,
    );
    await q.query(
      `CREATE INDEX interaction_type_idx ON read_models.interaction_index (event_type, occurred_at)`,
    );
    await q.query(`CREATE INDEX interaction_time_idx ON read_models.interaction_index (occurred_at)`);
    await q.query(`
      CREATE FUNCTION read_models.interaction_index_is_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'read_models.interaction_index is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER interaction_index_append_only
      BEFORE UPDATE OR DELETE ON read_models.interaction_index
      FOR EACH ROW EXECUTE FUNCTION read_models.interaction_index_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS read_models.interaction_index, read_models.channel_sale,
        read_models.channel_contact, read_models.channel_customer, read_models.competitor_feedback,
        read_models.competitor_customer, read_models.contact_visit, read_models.contact_customer,
        read_models.contact_plan, read_models.sales_line, read_models.sales_customer`);
    await q.query(`DROP FUNCTION IF EXISTS read_models.interaction_index_is_append_only()`);
  }
}
