import type {
  CustomerOwnerAssigned,
  CustomerProfileUpdated,
  CustomerRegistered,
  OrderCancelled,
  OrderRecorded,
  PaymentReceived,
  VisitLogged,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../projection/projection';

/**
 * Customer value's batch. Every event but a policy change touches the rows of one customer only
 * (its customer_value row, its order facts, its lifecycle), so events of different customers
 * commute. The batch is cut at each SegmentationPolicyChanged (applied on its own, in log order);
 * each part is split into waves, the n-th wave holding every customer's n-th event of the part,
 * and a wave is applied with one set-based statement per kind of event: the same rows as the
 * events one by one, since within a wave no two statements touch the same customer and a
 * customer's events keep their order across waves.
 */
export async function applyCustomerValueBatch(
  s: string,
  events: LogEvent[],
  db: SqlExecutor,
  applyOne: (event: LogEvent) => Promise<void>,
): Promise<void> {
  let part: LogEvent[] = [];
  for (const event of events) {
    if (event.type !== 'SegmentationPolicyChanged') {
      part.push(event);
      continue;
    }
    await applyPart(s, part, db);
    part = [];
    await applyOne(event);
  }
  await applyPart(s, part, db);
}

const customerOf = (event: LogEvent): string => (event.data as { customerId: string }).customerId;

async function applyPart(s: string, events: LogEvent[], db: SqlExecutor): Promise<void> {
  const waves: LogEvent[][] = [];
  const seen = new Map<string, number>();
  for (const event of events) {
    const customer = customerOf(event);
    const n = seen.get(customer) ?? 0;
    seen.set(customer, n + 1);
    (waves[n] ??= []).push(event);
  }
  for (const wave of waves) await applyWave(s, wave, db);
}

const ofType = <T>(wave: LogEvent[], type: string): Array<{ d: T; position: string }> =>
  wave.filter((e) => e.type === type).map((e) => ({ d: e.data as T, position: e.globalPosition }));

async function applyWave(s: string, wave: LogEvent[], db: SqlExecutor): Promise<void> {
  const registered = ofType<CustomerRegistered['data']>(wave, 'CustomerRegistered');
  if (registered.length > 0)
    await db.query(
      `WITH c AS (
         INSERT INTO ${s}.customer_value
           (customer_id, name, type, region, industry, preferred_channel, source, partner_id, external_id,
            registered_at, last_global_position)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::timestamptz[], $11::bigint[])
         ON CONFLICT (customer_id) DO NOTHING
         RETURNING customer_id, registered_at, last_global_position
       )
       INSERT INTO ${s}.lifecycle_transition (customer_id, at, from_stage, to_stage, global_position)
       SELECT customer_id, registered_at, NULL, 'prospect', last_global_position FROM c
       ON CONFLICT (customer_id, at) DO NOTHING`,
      [
        registered.map((r) => r.d.customerId),
        registered.map((r) => r.d.name),
        registered.map((r) => r.d.type),
        registered.map((r) => r.d.region),
        registered.map((r) => r.d.industry ?? null),
        registered.map((r) => r.d.preferredChannel ?? null),
        registered.map((r) => r.d.source ?? null),
        registered.map((r) => r.d.partnerId ?? null),
        registered.map((r) => r.d.externalId ?? null),
        registered.map((r) => r.d.registeredAt),
        registered.map((r) => r.position),
      ],
    );

  const updated = ofType<CustomerProfileUpdated['data']>(wave, 'CustomerProfileUpdated');
  if (updated.length > 0) {
    const fields = ['name', 'type', 'region', 'industry', 'preferredChannel', 'source', 'partnerId'] as const;
    const has = (c: CustomerProfileUpdated['data']['changes'], key: (typeof fields)[number]) =>
      Object.prototype.hasOwnProperty.call(c, key) && c[key] !== undefined;
    await db.query(
      `UPDATE ${s}.customer_value t SET
         name = CASE WHEN u.has_name THEN u.name ELSE t.name END,
         type = CASE WHEN u.has_type THEN u.type ELSE t.type END,
         region = CASE WHEN u.has_region THEN u.region ELSE t.region END,
         industry = CASE WHEN u.has_industry THEN u.industry ELSE t.industry END,
         preferred_channel = CASE WHEN u.has_channel THEN u.channel ELSE t.preferred_channel END,
         source = CASE WHEN u.has_source THEN u.source ELSE t.source END,
         partner_id = CASE WHEN u.has_partner THEN u.partner ELSE t.partner_id END,
         profile_change_count = t.profile_change_count + 1,
         profile_updated_at = greatest(t.profile_updated_at, u.updated_at),
         last_global_position = u.position
       FROM unnest($1::text[], $2::boolean[], $3::text[], $4::boolean[], $5::text[], $6::boolean[], $7::text[],
                   $8::boolean[], $9::text[], $10::boolean[], $11::text[], $12::boolean[], $13::text[],
                   $14::boolean[], $15::text[], $16::timestamptz[], $17::bigint[])
              AS u(customer_id, has_name, name, has_type, type, has_region, region, has_industry, industry,
                   has_channel, channel, has_source, source, has_partner, partner, updated_at, position)
       WHERE t.customer_id = u.customer_id AND t.last_global_position < u.position`,
      [
        updated.map((u) => u.d.customerId),
        ...fields.flatMap((f) => [
          updated.map((u) => has(u.d.changes, f)),
          updated.map((u) => u.d.changes[f] ?? null),
        ]),
        updated.map((u) => u.d.updatedAt),
        updated.map((u) => u.position),
      ],
    );
  }

  const owners = ofType<CustomerOwnerAssigned['data']>(wave, 'CustomerOwnerAssigned');
  if (owners.length > 0)
    await db.query(
      `UPDATE ${s}.customer_value t
       SET owner_rep_id = u.rep_id, owner_assigned_at = u.assigned_at, last_global_position = u.position
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[]) AS u(customer_id, rep_id, assigned_at, position)
       WHERE t.customer_id = u.customer_id AND t.last_global_position < u.position`,
      [
        owners.map((o) => o.d.customerId),
        owners.map((o) => o.d.repId),
        owners.map((o) => o.d.assignedAt),
        owners.map((o) => o.position),
      ],
    );

  const visits = ofType<VisitLogged['data']>(wave, 'VisitLogged');
  if (visits.length > 0)
    await db.query(
      `UPDATE ${s}.customer_value t SET
         visit_count = t.visit_count + 1,
         visit_cost = t.visit_cost + u.cost,
         last_visit_at = greatest(t.last_visit_at, u.visited_at),
         last_global_position = u.position
       FROM unnest($1::text[], $2::numeric[], $3::timestamptz[], $4::bigint[]) AS u(customer_id, cost, visited_at, position)
       WHERE t.customer_id = u.customer_id AND t.last_global_position < u.position`,
      [
        visits.map((v) => v.d.customerId),
        visits.map((v) => v.d.cost),
        visits.map((v) => v.d.visitedAt),
        visits.map((v) => v.position),
      ],
    );

  const orders = ofType<OrderRecorded['data']>(wave, 'OrderRecorded');
  if (orders.length > 0) {
    const lines = orders.flatMap((o, i) => o.d.lines.map((l) => ({ order: i + 1, l })));
    await db.query(
      `SELECT ${s}.value_record_orders($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        orders.map((o) => o.d.orderId),
        orders.map((o) => o.d.customerId),
        orders.map((o) => o.d.repId ?? null),
        orders.map((o) => o.d.channel),
        orders.map((o) => o.d.orderedAt),
        orders.map((o) => o.d.totalQuantity),
        orders.map((o) => o.d.totalAmount),
        orders.map((o) => o.position),
        lines.map((x) => x.order),
        lines.map((x) => x.l.quantity),
        lines.map((x) => x.l.unitPrice),
        lines.map((x) => x.l.listPrice ?? null),
        lines.map((x) => x.l.unitCost ?? null),
      ],
    );
  }

  const cancelled = ofType<OrderCancelled['data']>(wave, 'OrderCancelled');
  if (cancelled.length > 0)
    await db.query(
      `SELECT ${s}.value_cancel_order(u.customer_id, u.order_id, u.cancelled_at, u.position)
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[]) AS u(customer_id, order_id, cancelled_at, position)`,
      [
        cancelled.map((c) => c.d.customerId),
        cancelled.map((c) => c.d.orderId),
        cancelled.map((c) => c.d.cancelledAt),
        cancelled.map((c) => c.position),
      ],
    );

  const payments = ofType<PaymentReceived['data']>(wave, 'PaymentReceived');
  if (payments.length > 0)
    await db.query(
      `WITH u AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::bigint[]) AS u(customer_id, order_id, amount, position)
       ),
       f AS (
         UPDATE ${s}.order_fact o SET paid = o.paid + u.amount, last_global_position = u.position
         FROM u WHERE o.customer_id = u.customer_id AND o.order_id = u.order_id AND o.last_global_position < u.position
         RETURNING o.customer_id, o.cancelled_at, u.amount, u.position
       )
       UPDATE ${s}.customer_value c SET paid = c.paid + f.amount, last_global_position = f.position
       FROM f WHERE c.customer_id = f.customer_id AND f.cancelled_at IS NULL`,
      [
        payments.map((p) => p.d.customerId),
        payments.map((p) => p.d.orderId),
        payments.map((p) => p.d.amount),
        payments.map((p) => p.position),
      ],
    );
}
