import type {
  CustomerOwnerAssigned,
  CustomerProfileUpdated,
  CustomerRegistered,
  VisitLogged,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * Profile, owner and contact events of customer_value (in `schema`: read_models, or a what-if
 * shadow). A row records the global position of the event that last changed it, and an event at
 * or below that position is skipped (positions grow along a customer stream), so applying an
 * event twice changes nothing.
 */
export async function applyCustomerEvent(
  event: LogEvent,
  db: SqlExecutor,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<void> {
  const s = valueSchema(schema);
  switch (event.type) {
    case 'CustomerRegistered': {
      const d = event.data as CustomerRegistered['data'];
      await db.query(
        `WITH c AS (
           INSERT INTO ${s}.customer_value
             (customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
              registered_at, last_global_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (customer_id) DO NOTHING
           RETURNING customer_id, registered_at
         )
         INSERT INTO ${s}.lifecycle_transition (customer_id, at, from_stage, to_stage, global_position)
         SELECT customer_id, registered_at, NULL, 'prospect', $11 FROM c
         ON CONFLICT (customer_id, at) DO NOTHING`,
        [
          d.customerId,
          d.name,
          d.type,
          d.region,
          d.industry ?? null,
          d.preferredChannel ?? null,
          d.source ?? null,
          d.partnerId ?? null,
          d.externalId ?? null,
          d.registeredAt,
          event.globalPosition,
        ],
      );
      return;
    }
    case 'CustomerProfileUpdated': {
      const d = event.data as CustomerProfileUpdated['data'];
      const c = d.changes;
      const has = (key: keyof typeof c) =>
        Object.prototype.hasOwnProperty.call(c, key) && c[key] !== undefined;
      await db.query(
        `UPDATE ${s}.customer_value SET
           name = CASE WHEN $2 THEN $3 ELSE name END,
           type = CASE WHEN $4 THEN $5 ELSE type END,
           region = CASE WHEN $6 THEN $7 ELSE region END,
           industry = CASE WHEN $8 THEN $9 ELSE industry END,
           preferred_channel = CASE WHEN $10 THEN $11 ELSE preferred_channel END,
           source = CASE WHEN $12 THEN $13 ELSE source END,
           partner_id = CASE WHEN $14 THEN $15 ELSE partner_id END,
           profile_change_count = profile_change_count + 1,
           profile_updated_at = greatest(profile_updated_at, $16::timestamptz),
           last_global_position = $17
         WHERE customer_id = $1 AND last_global_position < $17`,
        [
          d.customerId,
          has('name'),
          c.name ?? null,
          has('type'),
          c.type ?? null,
          has('region'),
          c.region ?? null,
          has('industry'),
          c.industry ?? null,
          has('preferredChannel'),
          c.preferredChannel ?? null,
          has('source'),
          c.source ?? null,
          has('partnerId'),
          c.partnerId ?? null,
          d.updatedAt,
          event.globalPosition,
        ],
      );
      return;
    }
    case 'CustomerOwnerAssigned': {
      const d = event.data as CustomerOwnerAssigned['data'];
      await db.query(
        `UPDATE ${s}.customer_value
         SET owner_rep_id = $2, owner_assigned_at = $3, last_global_position = $4
         WHERE customer_id = $1 AND last_global_position < $4`,
        [d.customerId, d.repId, d.assignedAt, event.globalPosition],
      );
      return;
    }
    case 'VisitLogged': {
      const d = event.data as VisitLogged['data'];
      await db.query(
        `UPDATE ${s}.customer_value SET
           visit_count = visit_count + 1,
           visit_cost = visit_cost + $2::numeric,
           last_visit_at = greatest(last_visit_at, $3::timestamptz),
           last_global_position = $4
         WHERE customer_id = $1 AND last_global_position < $4`,
        [d.customerId, d.cost, d.visitedAt, event.globalPosition],
      );
      return;
    }
    default:
      return;
  }
}
