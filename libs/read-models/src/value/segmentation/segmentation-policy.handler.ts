import type { SegmentationPolicyChanged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { refreshLifecycle } from '../lifecycle/lifecycle-refresh';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * SegmentationPolicyChanged: records the version; when it becomes the live policy, every
 * customer's lifecycle is recomputed with the new thresholds (one set-based statement). Both
 * happen in the projection's batch transaction, so readers see the old policy with the old
 * lifecycle or the new policy with the new lifecycle, never a mix.
 */
export async function applySegmentationPolicyChanged(
  event: LogEvent,
  db: SqlExecutor,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<void> {
  const s = valueSchema(schema);
  const d = event.data as SegmentationPolicyChanged['data'];
  const inserted: unknown[] = await db.query(
    `INSERT INTO ${s}.segmentation_policy (version, policy, changed_at, global_position)
     VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (version) DO NOTHING
     RETURNING version`,
    [d.version, JSON.stringify(d.policy), d.changedAt, event.globalPosition],
  );
  if (inserted.length > 0) await refreshLifecycle(db, null, null, event.globalPosition, s);
}
