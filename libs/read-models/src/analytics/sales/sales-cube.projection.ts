import type { CustomerProfileUpdated, CustomerRegistered, OrderCancelled, OrderRecorded } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';
import { priceBandSql } from './price-band';
import { applySalesCubeBatch } from './sales-cube.batch';

const insertLines = (s: string) => `
  INSERT INTO ${s}.sales_line
    (customer_id, order_id, line_no, day, region, customer_type, channel, category, brand, sku, price_band,
     quantity, unit_price, amount, cost, list_amount, global_position)
  SELECT $1, $2, l.line_no, ($3::timestamptz AT TIME ZONE 'UTC')::date,
         coalesce(c.region, 'unknown'), coalesce(c.type, 'unknown'), $4,
         l.category, l.brand, l.sku, ${priceBandSql('l.unit_price')},
         l.quantity, l.unit_price, l.amount, l.quantity * l.unit_cost,
         l.quantity * coalesce(l.list_price, l.unit_price), $5
  FROM unnest($6::text[], $7::text[], $8::text[], $9::bigint[], $10::numeric[], $11::numeric[],
              $12::numeric[], $13::numeric[])
         WITH ORDINALITY AS l(sku, category, brand, quantity, unit_price, amount, list_price, unit_cost, line_no)
  LEFT JOIN ${s}.sales_customer c ON c.customer_id = $1
  ON CONFLICT (customer_id, order_id, line_no) DO NOTHING`;

/**
 * Sales cube (seed 003): one fact row per order line with its day, the customer's region and type
 * as they were when the order was recorded, the sales channel, category, brand and price band, and
 * quantity, amount, cost (quantity × unit cost; null when the line has no unit cost) and list
 * amount (quantity × list price; the selling price when the line has none). A cancelled order's lines are
 * removed, so the cube shows net sales. The customer class is not stored: it is joined when the
 * cube is queried, from the live ABC classification.
 */
export const createSalesCubeProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  const insertLinesSql = insertLines(s);
  return {
    name: 'sales-cube',
    version: 1,
    storage: { tables: ['sales_customer', 'sales_line'] },
    inSchema: (other: string) => createSalesCubeProjection(other),
    handles: new Set(['CustomerRegistered', 'CustomerProfileUpdated', 'OrderRecorded', 'OrderCancelled']),
    applyBatch: (events: LogEvent[], db: SqlExecutor) => applySalesCubeBatch(s, events, db),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'CustomerRegistered': {
          const d = event.data as CustomerRegistered['data'];
          await db.query(
            `INSERT INTO ${s}.sales_customer (customer_id, region, type) VALUES ($1, $2, $3)
             ON CONFLICT (customer_id) DO NOTHING`,
            [d.customerId, d.region, d.type],
          );
          return;
        }
        case 'CustomerProfileUpdated': {
          const d = event.data as CustomerProfileUpdated['data'];
          if (d.changes.region === undefined && d.changes.type === undefined) return;
          await db.query(
            `UPDATE ${s}.sales_customer SET region = coalesce($2, region), type = coalesce($3, type)
             WHERE customer_id = $1`,
            [d.customerId, d.changes.region ?? null, d.changes.type ?? null],
          );
          return;
        }
        case 'OrderRecorded': {
          const d = event.data as OrderRecorded['data'];
          await db.query(insertLinesSql, [
            d.customerId,
            d.orderId,
            d.orderedAt,
            d.channel,
            event.globalPosition,
            d.lines.map((l) => l.sku),
            d.lines.map((l) => l.category),
            d.lines.map((l) => l.brand),
            d.lines.map((l) => l.quantity),
            d.lines.map((l) => l.unitPrice),
            d.lines.map((l) => l.amount),
            d.lines.map((l) => l.listPrice ?? null),
            d.lines.map((l) => l.unitCost ?? null),
          ]);
          return;
        }
        case 'OrderCancelled': {
          const d = event.data as OrderCancelled['data'];
          await db.query(`DELETE FROM ${s}.sales_line WHERE customer_id = $1 AND order_id = $2`, [
            d.customerId,
            d.orderId,
          ]);
          return;
        }
        default:
          return;
      }
    },
  };
};

/** The live projection (schema read_models). */
export const salesCubeProjection: Projection = createSalesCubeProjection();
