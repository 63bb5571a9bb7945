import type { ContactPlanSet, CustomerOwnerAssigned, CustomerProfileUpdated, VisitLogged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { FirstRegistrations } from '../../projection/first-registrations';

/** What the profile updates and owner assignments of a batch leave on one customer's row. */
interface CustomerChange {
  /** Set when an assignment applied: the last one's rep. */
  owner?: { repId: string | null };
  /** The last region and type given, if any (an update without one keeps the column). */
  region: string | null;
  type: string | null;
  globalPosition: string;
}

/**
 * Contact compliance's batch in at most four statements. Plans, customers and visits are separate
 * tables and no statement of one reads another, so the kinds commute and each is written once:
 * - plans: per period the highest revision of the batch, the first of equal ones, replaces the row
 *   only if its revision is higher (as one upsert per event leaves the highest, first one);
 * - customers: the first registration of each is inserted unless there (the insert says which), then
 *   updates and assignments are folded per customer and applied in one update; those before the
 *   registration that inserted the row found no row one by one, so they are left out;
 * - visits: the first of each key is inserted unless there.
 */
export async function applyContactComplianceBatch(
  s: string,
  events: LogEvent[],
  db: SqlExecutor,
): Promise<void> {
  const plans = new Map<string, { data: ContactPlanSet['data']; globalPosition: string }>();
  const registered = new FirstRegistrations(events);
  const registrations = registered.list;
  const visits = new Map<string, { data: VisitLogged['data']; globalPosition: string }>();

  events.forEach((event) => {
    switch (event.type) {
      case 'ContactPlanSet': {
        const d = event.data as ContactPlanSet['data'];
        const kept = plans.get(d.period);
        if (!kept || kept.data.revision < d.revision)
          plans.set(d.period, { data: d, globalPosition: event.globalPosition });
        return;
      }
      case 'VisitLogged': {
        const d = event.data as VisitLogged['data'];
        const key = `${d.customerId}\u0000${d.visitId}`;
        if (!visits.has(key)) visits.set(key, { data: d, globalPosition: event.globalPosition });
        return;
      }
      default:
        return;
    }
  });

  if (plans.size > 0) {
    const rows = [...plans.values()];
    await db.query(
      `INSERT INTO ${s}.contact_plan AS p (period, revision, rules, set_at, global_position)
       SELECT n.period, n.revision, n.rules::jsonb, n.set_at, n.global_position
       FROM unnest($1::text[], $2::integer[], $3::text[], $4::timestamptz[], $5::bigint[])
              AS n(period, revision, rules, set_at, global_position)
       ON CONFLICT (period) DO UPDATE SET
         revision = excluded.revision, rules = excluded.rules, set_at = excluded.set_at,
         global_position = excluded.global_position
       WHERE p.revision < excluded.revision`,
      [
        rows.map((r) => r.data.period),
        rows.map((r) => r.data.revision),
        rows.map((r) => JSON.stringify(r.data.rules)),
        rows.map((r) => r.data.setAt),
        rows.map((r) => r.globalPosition),
      ],
    );
  }

  let inserted = new Set<string>();
  if (registrations.length > 0) {
    const rows: Array<{ customer_id: string }> = await db.query(
      `INSERT INTO ${s}.contact_customer (customer_id, region, type, global_position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (customer_id) DO NOTHING
       RETURNING customer_id`,
      [
        registrations.map((r) => r.data.customerId),
        registrations.map((r) => r.data.region),
        registrations.map((r) => r.data.type),
        registrations.map((r) => r.globalPosition),
      ],
    );
    inserted = new Set(rows.map((r) => r.customer_id));
  }

  const changes = new Map<string, CustomerChange>();
  events.forEach((event, i) => {
    if (event.type !== 'CustomerProfileUpdated' && event.type !== 'CustomerOwnerAssigned') return;
    const { customerId } = event.data as { customerId: string };
    if (!registered.foundRow(customerId, i, inserted)) return;
    let change: CustomerChange | undefined;
    if (event.type === 'CustomerProfileUpdated') {
      const { region, type } = (event.data as CustomerProfileUpdated['data']).changes;
      // As `apply`: an update giving neither leaves the row (and its position) alone.
      if (region === undefined && type === undefined) return;
      change = changes.get(customerId) ?? { region: null, type: null, globalPosition: event.globalPosition };
      change.region = region ?? change.region;
      change.type = type ?? change.type;
    } else {
      const d = event.data as CustomerOwnerAssigned['data'];
      change = changes.get(customerId) ?? { region: null, type: null, globalPosition: event.globalPosition };
      change.owner = { repId: d.repId ?? null };
    }
    change.globalPosition = event.globalPosition;
    changes.set(customerId, change);
  });
  if (changes.size > 0) {
    const ids = [...changes.keys()];
    const rows = [...changes.values()];
    await db.query(
      `UPDATE ${s}.contact_customer t SET
         owner_rep_id = CASE WHEN c.assigned THEN c.owner_rep_id ELSE t.owner_rep_id END,
         region = coalesce(c.region, t.region),
         type = coalesce(c.type, t.type),
         global_position = c.global_position
       FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::bigint[])
              AS c(customer_id, assigned, owner_rep_id, region, type, global_position)
       WHERE t.customer_id = c.customer_id`,
      [
        ids,
        rows.map((r) => r.owner !== undefined),
        rows.map((r) => r.owner?.repId ?? null),
        rows.map((r) => r.region),
        rows.map((r) => r.type),
        rows.map((r) => r.globalPosition),
      ],
    );
  }

  if (visits.size === 0) return;
  const rows = [...visits.values()];
  // Cost goes in as numeric and is rounded by the numeric(18,2) column, as one insert per event is.
  await db.query(
    `INSERT INTO ${s}.contact_visit
       (customer_id, visit_id, rep_id, channel, activity_type, cost, visited_at, global_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[],
                          $7::timestamptz[], $8::bigint[])
     ON CONFLICT (customer_id, visit_id) DO NOTHING`,
    [
      rows.map((r) => r.data.customerId),
      rows.map((r) => r.data.visitId),
      rows.map((r) => r.data.repId),
      rows.map((r) => r.data.channel),
      // Version-1 visits carried no activity type; the upcast value is "unspecified".
      rows.map((r) => r.data.activityType ?? 'unspecified'),
      rows.map((r) => r.data.cost),
      rows.map((r) => r.data.visitedAt),
      rows.map((r) => r.globalPosition),
    ],
  );
}
