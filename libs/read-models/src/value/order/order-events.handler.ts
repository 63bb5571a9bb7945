import type { OrderCancelled, OrderRecorded, PaymentReceived } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * OrderRecorded and OrderCancelled call <schema>.value_record_order / value_cancel_order (one
 * round trip each: the fact row, the customer's running value and the lifecycle; see migration
 * 1763900200003); PaymentReceived settles the order and the customer's receivable in one
 * statement. Every handler is guarded so that applying an event twice changes nothing.
 */
export async function applyOrderEvent(
  event: LogEvent,
  db: SqlExecutor,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<void> {
  const s = valueSchema(schema);
  switch (event.type) {
    case 'OrderRecorded': {
      const d = event.data as OrderRecorded['data'];
      await db.query(`SELECT ${s}.value_record_order($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
        d.orderId,
        d.customerId,
        d.repId ?? null,
        d.channel,
        d.orderedAt,
        d.totalQuantity,
        d.totalAmount,
        event.globalPosition,
        d.lines.map((l) => l.quantity),
        d.lines.map((l) => l.unitPrice),
        d.lines.map((l) => l.listPrice ?? null),
        d.lines.map((l) => l.unitCost ?? null),
      ]);
      return;
    }
    case 'OrderCancelled': {
      const d = event.data as OrderCancelled['data'];
      await db.query(`SELECT ${s}.value_cancel_order($1, $2, $3, $4)`, [
        d.customerId,
        d.orderId,
        d.cancelledAt,
        event.globalPosition,
      ]);
      return;
    }
    case 'PaymentReceived': {
      const d = event.data as PaymentReceived['data'];
      await db.query(
        `WITH f AS (
           UPDATE ${s}.order_fact SET paid = paid + $3::numeric, last_global_position = $4
           WHERE customer_id = $1 AND order_id = $2 AND last_global_position < $4
           RETURNING customer_id, cancelled_at
         )
         UPDATE ${s}.customer_value c SET paid = c.paid + $3::numeric, last_global_position = $4
         FROM f WHERE c.customer_id = f.customer_id AND f.cancelled_at IS NULL`,
        [d.customerId, d.orderId, d.amount, event.globalPosition],
      );
      return;
    }
    default:
      return;
  }
}
