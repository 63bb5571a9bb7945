import type { SegmentationPolicyChanged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { refreshLifecycle } from '../lifecycle/lifecycle-refresh';

/**
 * SegmentationPolicyChanged: records the version; when it becomes the live policy, every
 * customer's lifecycle is recomputed with the new thresholds (one set-based statement).
 */
export async function applySegmentationPolicyChanged(event: LogEvent, db: SqlExecutor): Promise<void> {
  const d = event.data as SegmentationPolicyChanged['data'];
  const inserted: unknown[] = await db.query(
    `INSERT INTO read_models.segmentation_policy (version, policy, changed_at, global_position)
     VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (version) DO NOTHING
     RETURNING version`,
    [d.version, JSON.stringify(d.policy), d.changedAt, event.globalPosition],
  );
  if (inserted.length > 0) await refreshLifecycle(db, null, null, event.globalPosition);
}
