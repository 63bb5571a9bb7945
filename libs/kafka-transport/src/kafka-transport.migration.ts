import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The relay's checkpoint and the projector consumers' partition offsets. */
export class KafkaTransport1763900400000 implements MigrationInterface {
  name = 'KafkaTransport1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS transport`);
    await q.query(`
      CREATE TABLE transport.relay_checkpoints (
        relay text PRIMARY KEY,
        log_position text NOT NULL,
        events_published bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Kept next to the read models and written in the same transaction as their changes.
    await q.query(`
      CREATE TABLE transport.consumer_offsets (
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        last_log_position text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, topic, partition)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA transport CASCADE`);
  }
}
