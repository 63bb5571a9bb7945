import type { SegmentationPolicy } from '@crm/events';
import type { QueryRunner } from 'typeorm';
import type { SqlExecutor } from '../projection/projection';
import { VALUE_MIGRATIONS } from '../value/index';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value/value-schema';

const SHADOW = /^whatif_\d+$/;

/** A what-if shadow schema name (never the live one). */
export const shadowSchema = (name: string): string => {
  const s = valueSchema(name);
  if (s === LIVE_VALUE_SCHEMA || !SHADOW.test(s)) throw new Error(`not a what-if schema: ${s}`);
  return s;
};

/**
 * Creates the shadow value read model in `schema` with the very migrations of the live one (tables,
 * indexes and functions, each qualified with the shadow schema) and stores the candidate as the
 * schema's only policy (version 0): its live_policy() answers the candidate, so abc_classes,
 * lifecycle_stage and the lifecycle functions all work under it.
 */
export async function createShadowSchema(
  runner: QueryRunner,
  schema: string,
  candidate: SegmentationPolicy,
): Promise<void> {
  const s = shadowSchema(schema);
  for (const Migration of VALUE_MIGRATIONS) await new Migration(s).up(runner);
  await runner.query(
    `INSERT INTO ${s}.segmentation_policy (version, policy, changed_at, global_position)
     VALUES (0, $1::jsonb, now(), 0)`,
    [JSON.stringify(candidate)],
  );
}

export async function dropShadowSchema(db: SqlExecutor, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${shadowSchema(schema)} CASCADE`);
}
