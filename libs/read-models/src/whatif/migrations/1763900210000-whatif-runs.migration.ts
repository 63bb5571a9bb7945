import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What-if runs: a candidate segmentation policy replayed over the whole log into a shadow schema
 * (`whatif_<id>`), its progress (checkpointed with each batch, so a run can resume), and what
 * became of it: promoted (the SegmentationPolicyChanged it appended), rolled back, dropped.
 */
export class WhatIfRuns1763900210000 implements MigrationInterface {
  name = 'WhatIfRuns1763900210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS read_models`);
    await q.query(`
      CREATE TABLE read_models.whatif_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        schema_name text UNIQUE,
        label text,
        candidate jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'dropped')),
        -- log position of the last event replayed (null: none yet), and counts
        position text,
        events_read bigint NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        -- size of the log when the replay (re)started, for the ETA; null when unknown
        events_total bigint,
        -- time spent replaying (reading and applying), for events/s across resumes
        active_ms bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        started_by jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text,
        promoted_version integer,
        promoted_position text,
        promoted_at timestamptz,
        promoted_by jsonb,
        -- the live policy the promotion replaced (version 0: the default policy)
        previous_version integer,
        previous_policy jsonb,
        rolled_back_version integer,
        rolled_back_position text,
        rolled_back_at timestamptz,
        rolled_back_by jsonb,
        dropped_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS read_models.whatif_runs`);
  }
}
