import type { OrderCancelled, OrderLine, OrderRecorded } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { CustomerDimension } from '../customer-dimension';
import { priceBandSql } from './price-band';

/** An order line to insert unless its key is there, with the customer as they were at the order. */
interface PendingLine {
  customerId: string;
  orderId: string;
  lineNo: number;
  orderedAt: string;
  region: string;
  type: string;
  channel: string;
  globalPosition: string;
  line: OrderLine;
}

/** What a batch does to one order's lines. */
interface OrderChange {
  customerId: string;
  orderId: string;
  /** Cancelled in the batch: its lines are deleted first, so every line key is known absent after. */
  cancelled: boolean;
  /** The first insert of each line number since the batch began or the order was last cancelled. */
  lines: Map<number, PendingLine>;
}

/**
 * The sales cube's batch: the customers it touches are read once and the events folded over them
 * in log order (registration inserts only a new customer, profile updates only change a known one,
 * an order takes the customer as they are at that point), then written with three statements:
 * changed customers, lines of cancelled orders deleted, new lines inserted. Same rows as `apply` per
 * event: a line is inserted unless its key exists, and a cancellation removes all of its order's.
 */
export async function applySalesCubeBatch(s: string, events: LogEvent[], db: SqlExecutor): Promise<void> {
  const customers = await CustomerDimension.load(db, `${s}.sales_customer`, ['region', 'type'], events);
  const orders = new Map<string, OrderChange>();
  const orderOf = (customerId: string, orderId: string): OrderChange => {
    const key = `${customerId}\u0000${orderId}`;
    let order = orders.get(key);
    if (!order) orders.set(key, (order = { customerId, orderId, cancelled: false, lines: new Map() }));
    return order;
  };

  for (const event of events) {
    customers.fold(event);
    switch (event.type) {
      case 'OrderRecorded': {
        const d = event.data as OrderRecorded['data'];
        const customer = customers.get(d.customerId);
        const order = orderOf(d.customerId, d.orderId);
        d.lines.forEach((line, i) => {
          const lineNo = i + 1;
          if (order.lines.has(lineNo)) return;
          order.lines.set(lineNo, {
            customerId: d.customerId,
            orderId: d.orderId,
            lineNo,
            orderedAt: d.orderedAt,
            region: customer?.region ?? 'unknown',
            type: customer?.type ?? 'unknown',
            channel: d.channel,
            globalPosition: event.globalPosition,
            line,
          });
        });
        break;
      }
      case 'OrderCancelled': {
        const d = event.data as OrderCancelled['data'];
        const order = orderOf(d.customerId, d.orderId);
        order.cancelled = true;
        order.lines.clear();
        break;
      }
      default:
        break;
    }
  }

  await customers.save(db);
  const cancelled = [...orders.values()].filter((o) => o.cancelled);
  if (cancelled.length > 0) {
    await db.query(
      `DELETE FROM ${s}.sales_line l
       USING unnest($1::text[], $2::text[]) AS c(customer_id, order_id)
       WHERE l.customer_id = c.customer_id AND l.order_id = c.order_id`,
      [cancelled.map((o) => o.customerId), cancelled.map((o) => o.orderId)],
    );
  }
  const lines = [...orders.values()].flatMap((o) => [...o.lines.values()]);
  if (lines.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.sales_line
       (customer_id, order_id, line_no, day, region, customer_type, channel, category, brand, sku, price_band,
        quantity, unit_price, amount, cost, list_amount, global_position)
     SELECT l.customer_id, l.order_id, l.line_no, (l.ordered_at AT TIME ZONE 'UTC')::date,
            l.region, l.customer_type, l.channel, l.category, l.brand, l.sku, ${priceBandSql('l.unit_price')},
            l.quantity, l.unit_price, l.amount, l.quantity * l.unit_cost,
            l.quantity * coalesce(l.list_price, l.unit_price), l.global_position
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                 $8::text[], $9::text[], $10::text[], $11::bigint[], $12::numeric[], $13::numeric[],
                 $14::numeric[], $15::numeric[], $16::bigint[])
            AS l(customer_id, order_id, line_no, ordered_at, region, customer_type, channel, category, brand,
                 sku, quantity, unit_price, amount, list_price, unit_cost, global_position)
     ON CONFLICT (customer_id, order_id, line_no) DO NOTHING`,
    [
      lines.map((l) => l.customerId),
      lines.map((l) => l.orderId),
      lines.map((l) => l.lineNo),
      lines.map((l) => l.orderedAt),
      lines.map((l) => l.region),
      lines.map((l) => l.type),
      lines.map((l) => l.channel),
      lines.map((l) => l.line.category),
      lines.map((l) => l.line.brand),
      lines.map((l) => l.line.sku),
      lines.map((l) => l.line.quantity),
      lines.map((l) => l.line.unitPrice),
      lines.map((l) => l.line.amount),
      lines.map((l) => l.line.listPrice ?? null),
      lines.map((l) => l.line.unitCost ?? null),
      lines.map((l) => l.globalPosition),
    ],
  );
}
