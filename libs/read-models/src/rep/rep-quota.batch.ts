import type {
  OrderCancelled,
  OrderRecorded,
  QuotaAssigned,
  RepOnboarded,
  TerritoryAssigned,
} from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import type { SqlExecutor } from '../projection/projection';
import { periodRange } from './period';

/** What a batch does to one order (only orders with a rep are kept). */
interface OrderChange {
  customerId: string;
  orderId: string;
  /** The first recording in the batch: inserted unless the order is there. */
  recorded?: OrderRecorded['data'];
  /** The first cancellation after that recording: the inserted row is cancelled already. */
  cancelledAfterRecording?: string;
  /** The first cancellation in the batch: cancels the order if it was there, live, before the batch. */
  firstCancellation?: string;
}

/** A text array written as JSON, since node-postgres cannot send arrays of arrays of unequal lengths. */
const textArraySql = (json: string): string =>
  `CASE WHEN ${json} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(${json})) END`;

/**
 * Rep quota's batch. Each kind of event writes its own tables and reads no other kind's, so the
 * kinds commute and each is folded per key in log order, then written with one statement: reps
 * (the first onboarding wins, unless the rep is there), quotas (the first event with the highest
 * revision, applied under the same revision guard), territories (the last one wins), and orders.
 *
 * An order's row, once there, is never recorded again, and is cancelled at most once; so a batch
 * inserts each order's first recording (already cancelled if a cancellation follows it in the batch)
 * and cancels, with its first cancellation, an order that was there before. Both run in one statement,
 * whose snapshot keeps the update from seeing the rows just inserted; the days' sales then take
 * both sets of rows, as stored (rounded), summed per rep and day. A recording cancelled in the same
 * batch adds nothing but, as event by event, leaves its day's row. (A live order's sales are always in
 * its day's row, so the upsert only updates the day of an order cancelled, as one event would.)
 */
export async function applyRepQuotaBatch(s: string, events: LogEvent[], db: SqlExecutor): Promise<void> {
  const reps = new Map<string, { data: RepOnboarded['data']; globalPosition: string }>();
  const quotas = new Map<
    string,
    { data: QuotaAssigned['data']; start: string; end: string; globalPosition: string }
  >();
  const territories = new Map<string, { data: TerritoryAssigned['data']; globalPosition: string }>();
  const orders = new Map<string, OrderChange>();
  const orderOf = (customerId: string, orderId: string): OrderChange => {
    const key = `${customerId}\u0000${orderId}`;
    let order = orders.get(key);
    if (!order) orders.set(key, (order = { customerId, orderId }));
    return order;
  };

  for (const event of events) {
    switch (event.type) {
      case 'RepOnboarded': {
        const d = event.data as RepOnboarded['data'];
        if (!reps.has(d.repId)) reps.set(d.repId, { data: d, globalPosition: event.globalPosition });
        break;
      }
      case 'QuotaAssigned': {
        const d = event.data as QuotaAssigned['data'];
        const { start, end } = periodRange(d.period);
        const key = `${d.repId}\u0000${d.period}`;
        const kept = quotas.get(key);
        if (!kept || kept.data.revision < d.revision)
          quotas.set(key, { data: d, start, end, globalPosition: event.globalPosition });
        break;
      }
      case 'TerritoryAssigned': {
        const d = event.data as TerritoryAssigned['data'];
        territories.set(d.repId, { data: d, globalPosition: event.globalPosition });
        break;
      }
      case 'OrderRecorded': {
        const d = event.data as OrderRecorded['data'];
        if (!d.repId) break;
        const order = orderOf(d.customerId, d.orderId);
        order.recorded ??= d;
        break;
      }
      case 'OrderCancelled': {
        const d = event.data as OrderCancelled['data'];
        const order = orderOf(d.customerId, d.orderId);
        order.firstCancellation ??= d.cancelledAt;
        if (order.recorded) order.cancelledAfterRecording ??= d.cancelledAt;
        break;
      }
      default:
        break;
    }
  }

  if (reps.size > 0) {
    const rows = [...reps.values()];
    await db.query(
      `INSERT INTO ${s}.rep (rep_id, name, region, manager_id, onboarded_at, last_global_position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
       ON CONFLICT (rep_id) DO NOTHING`,
      [
        rows.map((r) => r.data.repId),
        rows.map((r) => r.data.name),
        rows.map((r) => r.data.region),
        rows.map((r) => r.data.managerId ?? null),
        rows.map((r) => r.data.onboardedAt),
        rows.map((r) => r.globalPosition),
      ],
    );
  }
  if (quotas.size > 0) {
    const rows = [...quotas.values()];
    await db.query(
      `INSERT INTO ${s}.rep_quota AS q
         (rep_id, period, period_start, period_end, target_amount, target_volume, category_targets, revision,
          last_global_position)
       SELECT r.rep_id, r.period, r.period_start, r.period_end, r.target_amount, r.target_volume,
              r.category_targets::jsonb, r.revision, r.global_position
       FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::numeric[], $6::bigint[], $7::text[],
                   $8::integer[], $9::bigint[])
              AS r(rep_id, period, period_start, period_end, target_amount, target_volume, category_targets,
                   revision, global_position)
       ON CONFLICT (rep_id, period) DO UPDATE SET
         target_amount = excluded.target_amount, target_volume = excluded.target_volume,
         category_targets = excluded.category_targets, revision = excluded.revision,
         last_global_position = excluded.last_global_position
       WHERE q.revision < excluded.revision`,
      [
        rows.map((r) => r.data.repId),
        rows.map((r) => r.data.period),
        rows.map((r) => r.start),
        rows.map((r) => r.end),
        rows.map((r) => r.data.targetAmount),
        rows.map((r) => r.data.targetVolume),
        rows.map((r) => JSON.stringify(r.data.categoryTargets)),
        rows.map((r) => r.data.revision),
        rows.map((r) => r.globalPosition),
      ],
    );
  }
  if (territories.size > 0) {
    const rows = [...territories.values()];
    const json = (values: string[] | undefined): string | null =>
      values === undefined ? null : JSON.stringify(values);
    await db.query(
      `INSERT INTO ${s}.rep_territory (rep_id, regions, categories, brands, assigned_at, global_position)
       SELECT t.rep_id, ${textArraySql('t.regions')}, ${textArraySql('t.categories')}, ${textArraySql('t.brands')},
              t.assigned_at, t.global_position
       FROM unnest($1::text[], $2::jsonb[], $3::jsonb[], $4::jsonb[], $5::timestamptz[], $6::bigint[])
              AS t(rep_id, regions, categories, brands, assigned_at, global_position)
       ON CONFLICT (rep_id) DO UPDATE SET
         regions = excluded.regions, categories = excluded.categories, brands = excluded.brands,
         assigned_at = excluded.assigned_at, global_position = excluded.global_position`,
      [
        rows.map((r) => r.data.repId),
        rows.map((r) => json(r.data.regions)),
        rows.map((r) => json(r.data.categories)),
        rows.map((r) => json(r.data.brands)),
        rows.map((r) => r.data.assignedAt),
        rows.map((r) => r.globalPosition),
      ],
    );
  }
  if (orders.size === 0) return;

  const recorded = [...orders.values()].flatMap((o) =>
    o.recorded ? [{ data: o.recorded, cancelledAt: o.cancelledAfterRecording ?? null }] : [],
  );
  const cancelled = [...orders.values()].filter((o) => o.firstCancellation !== undefined);
  // Price realisation compares selling and list price on the lines that have a list price; each such
  // line carries the index of its order.
  const listed = recorded.flatMap((o, i) =>
    o.data.lines.filter((l) => l.listPrice !== undefined).map((l) => ({ order: i + 1, line: l })),
  );
  await db.query(
    `WITH recorded AS (
       INSERT INTO ${s}.rep_order
         (customer_id, order_id, rep_id, day, amount, volume, list_amount, priced_amount, cancelled_at)
       SELECT o.customer_id, o.order_id, o.rep_id, (o.ordered_at AT TIME ZONE 'UTC')::date, o.amount, o.volume,
              coalesce(l.list_amount, 0), coalesce(l.priced_amount, 0), o.cancelled_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::bigint[],
                   $7::timestamptz[])
              WITH ORDINALITY AS o(customer_id, order_id, rep_id, ordered_at, amount, volume, cancelled_at, n)
       LEFT JOIN (SELECT l.n, sum(l.qty * l.list_price) AS list_amount, sum(l.qty * l.unit_price) AS priced_amount
                  FROM unnest($8::bigint[], $9::int[], $10::numeric[], $11::numeric[])
                         AS l(n, qty, unit_price, list_price)
                  GROUP BY l.n) AS l ON l.n = o.n
       ON CONFLICT (customer_id, order_id) DO NOTHING
       RETURNING rep_id, day, amount, volume, list_amount, priced_amount, cancelled_at
     ),
     cancelled AS (
       UPDATE ${s}.rep_order r SET cancelled_at = c.cancelled_at
       FROM unnest($12::text[], $13::text[], $14::timestamptz[]) AS c(customer_id, order_id, cancelled_at)
       WHERE r.customer_id = c.customer_id AND r.order_id = c.order_id AND r.cancelled_at IS NULL
       RETURNING r.rep_id, r.day, r.amount, r.volume, r.list_amount, r.priced_amount
     ),
     delta AS (
       SELECT rep_id, day, amount, volume, list_amount, priced_amount, 1 AS orders
       FROM recorded WHERE cancelled_at IS NULL
       UNION ALL
       SELECT rep_id, day, 0, 0, 0, 0, 0 FROM recorded WHERE cancelled_at IS NOT NULL
       UNION ALL
       SELECT rep_id, day, -amount, -volume, -list_amount, -priced_amount, -1 FROM cancelled
     )
     INSERT INTO ${s}.rep_sales_day AS s (rep_id, day, amount, volume, list_amount, priced_amount, order_count)
     SELECT rep_id, day, sum(amount), sum(volume), sum(list_amount), sum(priced_amount), sum(orders)
     FROM delta GROUP BY rep_id, day
     ON CONFLICT (rep_id, day) DO UPDATE SET
       amount = s.amount + excluded.amount, volume = s.volume + excluded.volume,
       list_amount = s.list_amount + excluded.list_amount,
       priced_amount = s.priced_amount + excluded.priced_amount,
       order_count = s.order_count + excluded.order_count`,
    [
      recorded.map((o) => o.data.customerId),
      recorded.map((o) => o.data.orderId),
      recorded.map((o) => o.data.repId),
      recorded.map((o) => o.data.orderedAt),
      recorded.map((o) => o.data.totalAmount),
      recorded.map((o) => o.data.totalQuantity),
      recorded.map((o) => o.cancelledAt),
      listed.map((l) => l.order),
      listed.map((l) => l.line.quantity),
      listed.map((l) => l.line.unitPrice),
      listed.map((l) => l.line.listPrice),
      cancelled.map((o) => o.customerId),
      cancelled.map((o) => o.orderId),
      cancelled.map((o) => o.firstCancellation),
    ],
  );
}
