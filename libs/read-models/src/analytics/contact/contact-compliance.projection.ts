import type {
  ContactPlanSet,
  CustomerOwnerAssigned,
  CustomerProfileUpdated,
  CustomerRegistered,
  VisitLogged,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';
import { applyContactComplianceBatch } from './contact-compliance.batch';

/**
 * Contact-plan compliance (seed 000): the contact plan of each period (the latest revision
 * supersedes), each customer's owner, region and type, and every visit. Planned against actual is
 * computed when queried, because the plan counts customers by their live ABC class.
 */
export const createContactComplianceProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'contact-compliance',
    version: 1,
    storage: { tables: ['contact_plan', 'contact_customer', 'contact_visit'] },
    inSchema: (other: string) => createContactComplianceProjection(other),
    handles: new Set([
      'ContactPlanSet',
      'CustomerRegistered',
      'CustomerProfileUpdated',
      'CustomerOwnerAssigned',
      'VisitLogged',
    ]),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applyContactComplianceBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'ContactPlanSet': {
          const d = event.data as ContactPlanSet['data'];
          await db.query(
            `INSERT INTO ${s}.contact_plan AS p (period, revision, rules, set_at, global_position)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (period) DO UPDATE SET
               revision = excluded.revision, rules = excluded.rules, set_at = excluded.set_at,
               global_position = excluded.global_position
             WHERE p.revision < excluded.revision`,
            [d.period, d.revision, JSON.stringify(d.rules), d.setAt, event.globalPosition],
          );
          return;
        }
        case 'CustomerRegistered': {
          const d = event.data as CustomerRegistered['data'];
          await db.query(
            `INSERT INTO ${s}.contact_customer (customer_id, region, type, global_position)
             VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id) DO NOTHING`,
            [d.customerId, d.region, d.type, event.globalPosition],
          );
          return;
        }
        case 'CustomerProfileUpdated': {
          const d = event.data as CustomerProfileUpdated['data'];
          if (d.changes.region === undefined && d.changes.type === undefined) return;
          await db.query(
            `UPDATE ${s}.contact_customer
             SET region = coalesce($2, region), type = coalesce($3, type), global_position = $4
             WHERE customer_id = $1`,
            [d.customerId, d.changes.region ?? null, d.changes.type ?? null, event.globalPosition],
          );
          return;
        }
        case 'CustomerOwnerAssigned': {
          const d = event.data as CustomerOwnerAssigned['data'];
          await db.query(
            `UPDATE ${s}.contact_customer SET owner_rep_id = $2, global_position = $3
             WHERE customer_id = $1`,
            [d.customerId, d.repId, event.globalPosition],
          );
          return;
        }
        case 'VisitLogged': {
          const d = event.data as VisitLogged['data'];
          await db.query(
            `INSERT INTO ${s}.contact_visit
               (customer_id, visit_id, rep_id, channel, activity_type, cost, visited_at, global_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (customer_id, visit_id) DO NOTHING`,
            [
              d.customerId,
              d.visitId,
              d.repId,
              d.channel,
              // Version-1 visits carried no activity type; the upcast value is "unspecified".
              d.activityType ?? 'unspecified',
              d.cost,
              d.visitedAt,
              event.globalPosition,
            ],
          );
          return;
        }
        default:
          return;
      }
    },
  };
};

/** The live projection (schema read_models). */
export const contactComplianceProjection: Projection = createContactComplianceProjection();
