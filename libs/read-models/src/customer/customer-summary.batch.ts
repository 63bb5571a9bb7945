import type { OrderRecorded, VisitLogged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../projection/projection';
import { FirstRegistrations } from '../projection/first-registrations';

/** A visit or an order, as the deltas it adds to its customer's row. */
interface Activity {
  customerId: string;
  kind: 'visit' | 'order';
  at: string;
  /** Visit cost or order amount. */
  money: string;
  /** Order volume (0 for a visit). */
  quantity: number;
  globalPosition: string;
}

/**
 * Customer summary's batch in two statements: the customers registered in it are inserted (unless
 * there), then every row gets its visits' and orders' deltas summed per customer. A visit or order
 * before the registration that inserted its row found no row when applied one by one, so it is left
 * out; the insert returns which registrations inserted a row. Same rows as `apply` per event: counts
 * and sums add up, first/last times are min/max, the stage follows the order count, and the last
 * global position is the last applied event's.
 */
export async function applyCustomerSummaryBatch(
  s: string,
  events: LogEvent[],
  db: SqlExecutor,
): Promise<void> {
  const registered = new FirstRegistrations(events);
  const registrations = registered.list;

  let inserted = new Set<string>();
  if (registrations.length > 0) {
    const rows: Array<{ customer_id: string }> = await db.query(
      `INSERT INTO ${s}.customer_summary
         (customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
          registered_at, lifecycle_stage, last_global_position)
       SELECT r.customer_id, r.name, r.type, r.region, r.industry, r.preferred_channel, r.source, r.partner_id,
              r.external_id, r.registered_at, 'prospect', r.global_position
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::timestamptz[], $11::bigint[])
              AS r(customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
                   registered_at, global_position)
       ON CONFLICT (customer_id) DO NOTHING
       RETURNING customer_id`,
      [
        registrations.map((r) => r.data.customerId),
        registrations.map((r) => r.data.name),
        registrations.map((r) => r.data.type),
        registrations.map((r) => r.data.region),
        registrations.map((r) => r.data.industry ?? null),
        registrations.map((r) => r.data.preferredChannel ?? null),
        registrations.map((r) => r.data.source ?? null),
        registrations.map((r) => r.data.partnerId ?? null),
        registrations.map((r) => r.data.externalId ?? null),
        registrations.map((r) => r.data.registeredAt),
        registrations.map((r) => r.globalPosition),
      ],
    );
    inserted = new Set(rows.map((r) => r.customer_id));
  }

  const activities: Activity[] = [];
  events.forEach((event, i) => {
    if (event.type !== 'VisitLogged' && event.type !== 'OrderRecorded') return;
    const { customerId } = event.data as { customerId: string };
    if (!registered.foundRow(customerId, i, inserted)) return;
    if (event.type === 'VisitLogged') {
      const d = event.data as VisitLogged['data'];
      activities.push({
        customerId,
        kind: 'visit',
        at: d.visitedAt,
        money: d.cost,
        quantity: 0,
        globalPosition: event.globalPosition,
      });
    } else {
      const d = event.data as OrderRecorded['data'];
      activities.push({
        customerId,
        kind: 'order',
        at: d.orderedAt,
        money: d.totalAmount,
        quantity: d.totalQuantity,
        globalPosition: event.globalPosition,
      });
    }
  });
  if (activities.length === 0) return;
  // Each amount is taken as the column stores it (numeric(18,2)) before it is summed, as one update
  // per event would round it.
  await db.query(
    `UPDATE ${s}.customer_summary t SET
       visit_count = t.visit_count + d.visits,
       last_visit_at = greatest(t.last_visit_at, d.last_visit_at),
       visit_cost = t.visit_cost + d.visit_cost,
       order_count = t.order_count + d.orders,
       volume = t.volume + d.volume,
       revenue = t.revenue + d.revenue,
       first_order_at = least(t.first_order_at, d.first_order_at),
       last_order_at = greatest(t.last_order_at, d.last_order_at),
       lifecycle_stage = CASE WHEN d.orders = 0 THEN t.lifecycle_stage
                              WHEN t.order_count + d.orders >= 2 THEN 'active' ELSE 'new' END,
       last_global_position = d.last_global_position
     FROM (SELECT a.customer_id,
                  count(*) FILTER (WHERE a.kind = 'visit') AS visits,
                  max(a.at) FILTER (WHERE a.kind = 'visit') AS last_visit_at,
                  coalesce(sum(a.money::numeric(18,2)) FILTER (WHERE a.kind = 'visit'), 0) AS visit_cost,
                  count(*) FILTER (WHERE a.kind = 'order') AS orders,
                  coalesce(sum(a.quantity) FILTER (WHERE a.kind = 'order'), 0) AS volume,
                  coalesce(sum(a.money::numeric(18,2)) FILTER (WHERE a.kind = 'order'), 0) AS revenue,
                  min(a.at) FILTER (WHERE a.kind = 'order') AS first_order_at,
                  max(a.at) FILTER (WHERE a.kind = 'order') AS last_order_at,
                  (array_agg(a.global_position ORDER BY a.n DESC))[1] AS last_global_position
           FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::bigint[], $6::bigint[])
                  WITH ORDINALITY AS a(customer_id, kind, at, money, quantity, global_position, n)
           GROUP BY a.customer_id) AS d
     WHERE t.customer_id = d.customer_id`,
    [
      activities.map((a) => a.customerId),
      activities.map((a) => a.kind),
      activities.map((a) => a.at),
      activities.map((a) => a.money),
      activities.map((a) => a.quantity),
      activities.map((a) => a.globalPosition),
    ],
  );
}
