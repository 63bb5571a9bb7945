import type { OrderCancelled, OrderRecorded, VisitLogged } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { CustomerDimension } from '../customer-dimension';

/** What a batch does to one order's sale. */
interface SaleChange {
  customerId: string;
  orderId: string;
  /** Cancelled in the batch: the row is deleted first, so the order is known absent after. */
  cancelled: boolean;
  /** The first recording since the batch began or the order was last cancelled, with the type then. */
  recorded?: { data: OrderRecorded['data']; customerType: string };
}

/**
 * Channel economics' batch: the customers it touches are read once and the events folded over them
 * in log order (registration inserts only a new customer, a type change only changes a known one,
 * a contact or an order takes the type as it is at that point), then written with four statements:
 * changed customers, new contacts, sales of cancelled orders deleted, new sales inserted. Same rows
 * as `apply` per event: a contact or sale is inserted unless its key exists (the first one wins), and
 * a cancellation removes its order's sale.
 */
export async function applyChannelEconomicsBatch(
  s: string,
  events: LogEvent[],
  db: SqlExecutor,
): Promise<void> {
  const customers = await CustomerDimension.load(db, `${s}.channel_customer`, ['type'], events);
  const contacts = new Map<string, { data: VisitLogged['data']; customerType: string }>();
  const sales = new Map<string, SaleChange>();
  const saleOf = (customerId: string, orderId: string): SaleChange => {
    const key = `${customerId}\u0000${orderId}`;
    let sale = sales.get(key);
    if (!sale) sales.set(key, (sale = { customerId, orderId, cancelled: false }));
    return sale;
  };

  for (const event of events) {
    customers.fold(event);
    switch (event.type) {
      case 'VisitLogged': {
        const d = event.data as VisitLogged['data'];
        const key = `${d.customerId}\u0000${d.visitId}`;
        if (!contacts.has(key))
          contacts.set(key, { data: d, customerType: customers.get(d.customerId)?.type ?? 'unknown' });
        break;
      }
      case 'OrderRecorded': {
        const d = event.data as OrderRecorded['data'];
        const sale = saleOf(d.customerId, d.orderId);
        sale.recorded ??= { data: d, customerType: customers.get(d.customerId)?.type ?? 'unknown' };
        break;
      }
      case 'OrderCancelled': {
        const d = event.data as OrderCancelled['data'];
        const sale = saleOf(d.customerId, d.orderId);
        sale.cancelled = true;
        sale.recorded = undefined;
        break;
      }
      default:
        break;
    }
  }

  await customers.save(db);
  if (contacts.size > 0) {
    const rows = [...contacts.values()];
    await db.query(
      `INSERT INTO ${s}.channel_contact (customer_id, visit_id, channel, customer_type, cost, visited_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::timestamptz[])
       ON CONFLICT (customer_id, visit_id) DO NOTHING`,
      [
        rows.map((r) => r.data.customerId),
        rows.map((r) => r.data.visitId),
        rows.map((r) => r.data.channel),
        rows.map((r) => r.customerType),
        rows.map((r) => r.data.cost),
        rows.map((r) => r.data.visitedAt),
      ],
    );
  }
  const cancelled = [...sales.values()].filter((o) => o.cancelled);
  if (cancelled.length > 0) {
    await db.query(
      `DELETE FROM ${s}.channel_sale t
       USING unnest($1::text[], $2::text[]) AS c(customer_id, order_id)
       WHERE t.customer_id = c.customer_id AND t.order_id = c.order_id`,
      [cancelled.map((o) => o.customerId), cancelled.map((o) => o.orderId)],
    );
  }
  const recorded = [...sales.values()].flatMap((o) => (o.recorded ? [o.recorded] : []));
  if (recorded.length === 0) return;
  // Lines carry the index of their sale, so that cost and costed amount are summed per order.
  const lines = recorded.flatMap((o, i) => o.data.lines.map((l) => ({ sale: i + 1, line: l })));
  await db.query(
    `INSERT INTO ${s}.channel_sale
       (customer_id, order_id, channel, customer_type, quantity, amount, cost, costed_amount, ordered_at)
     SELECT o.customer_id, o.order_id, o.channel, o.customer_type, o.quantity, o.amount,
            coalesce(l.cost, 0), coalesce(l.costed_amount, 0), o.ordered_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::numeric[], $7::timestamptz[])
            WITH ORDINALITY AS o(customer_id, order_id, channel, customer_type, quantity, amount, ordered_at, sale)
     LEFT JOIN (SELECT l.sale, sum(l.quantity * l.unit_cost) AS cost,
                       sum(l.amount) FILTER (WHERE l.unit_cost IS NOT NULL) AS costed_amount
                FROM unnest($8::bigint[], $9::bigint[], $10::numeric[], $11::numeric[])
                       AS l(sale, quantity, unit_cost, amount)
                GROUP BY l.sale) AS l ON l.sale = o.sale
     ON CONFLICT (customer_id, order_id) DO NOTHING`,
    [
      recorded.map((o) => o.data.customerId),
      recorded.map((o) => o.data.orderId),
      recorded.map((o) => o.data.channel),
      recorded.map((o) => o.customerType),
      recorded.map((o) => o.data.totalQuantity),
      recorded.map((o) => o.data.totalAmount),
      recorded.map((o) => o.data.orderedAt),
      lines.map((l) => l.sale),
      lines.map((l) => l.line.quantity),
      lines.map((l) => l.line.unitCost ?? null),
      lines.map((l) => l.line.amount),
    ],
  );
}
