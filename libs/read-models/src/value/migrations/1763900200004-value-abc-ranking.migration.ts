import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * The current ABC ranking, kept as rows so a customer's class, rank and N are one indexed read
 * instead of a ranking of every customer per request:
 * - abc_ranking: abc_classes(ranked_at, policy) as it was at ranked_at;
 * - abc_ranking_state: the one row saying when, under which policy (and its version), and N;
 * - refresh_abc_ranking(max_age): recomputes both in one transaction, set-based, unless a ranking
 *   younger than max_age under the live policy exists or another session is refreshing (a transaction-scoped advisory
 *   lock: concurrent callers return at once instead of queueing). Readers keep seeing the previous
 *   ranking until the refresh commits. Returns the new ranked_at, or null when it did nothing.
 */
export class ValueAbcRanking1763900200004 implements MigrationInterface {
  name = 'ValueAbcRanking1763900200004';

  /** `schema`: read_models (the live model), or a what-if run's shadow schema. */
  constructor(private readonly schema: string = LIVE_VALUE_SCHEMA) {}

  async up(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`
      CREATE TABLE ${s}.abc_ranking (
        customer_id text PRIMARY KEY,
        measure_value numeric NOT NULL,
        rank bigint NOT NULL,
        abc_class text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.abc_ranking_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        ranked_at timestamptz NOT NULL,
        policy jsonb NOT NULL,
        policy_version integer,
        population bigint NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION ${s}.refresh_abc_ranking(max_age interval)
      RETURNS timestamptz
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        ranked timestamptz := clock_timestamp();
        pol jsonb;
        pol_version integer;
        n bigint;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('${s}.abc_ranking')) THEN
          RETURN NULL;
        END IF;
        IF EXISTS (SELECT 1 FROM ${s}.abc_ranking_state WHERE ranked_at > ranked - max_age AND policy = ${s}.live_policy()) THEN
          RETURN NULL;
        END IF;
        -- The policy and its version from the same row, as live_policy() picks it.
        SELECT p.policy, p.version INTO pol, pol_version FROM ${s}.segmentation_policy p
        ORDER BY p.global_position DESC, p.version DESC LIMIT 1;
        IF pol IS NULL THEN
          pol := ${s}.live_policy();
        END IF;
        DELETE FROM ${s}.abc_ranking;
        INSERT INTO ${s}.abc_ranking (customer_id, measure_value, rank, abc_class)
        SELECT x.customer_id, x.measure_value, x.rank, x.abc_class FROM ${s}.abc_classes(ranked, pol) x;
        GET DIAGNOSTICS n = ROW_COUNT;
        INSERT INTO ${s}.abc_ranking_state (singleton, ranked_at, policy, policy_version, population)
        VALUES (true, ranked, pol, pol_version, n)
        ON CONFLICT (singleton) DO UPDATE
          SET ranked_at = EXCLUDED.ranked_at, policy = EXCLUDED.policy,
              policy_version = EXCLUDED.policy_version, population = EXCLUDED.population;
        RETURN ranked;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = valueSchema(this.schema);
    await q.query(`DROP FUNCTION IF EXISTS ${s}.refresh_abc_ranking(interval)`);
    await q.query(`DROP TABLE IF EXISTS ${s}.abc_ranking_state`);
    await q.query(`DROP TABLE IF EXISTS ${s}.abc_ranking`);
  }
}
