import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters: events a projection could not apply, with the error. One row per projection and
 * event; a later failure of the same pair (after a restart, in stop mode) updates it.
 */
export class DeadLetters1763900500000 implements MigrationInterface {
  name = 'DeadLetters1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE read_models.dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        projection text NOT NULL,
        event_id text NOT NULL,
        global_position text NOT NULL,
        log_position text NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        event_type text NOT NULL,
        schema_version integer,
        error_message text NOT NULL,
        error_stack text,
        payload jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        failed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dead_letters_projection_event_key UNIQUE (projection, event_id)
      )`);
    await q.query(`CREATE INDEX dead_letters_failed_at_idx ON read_models.dead_letters (failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_models.dead_letters`);
  }
}
