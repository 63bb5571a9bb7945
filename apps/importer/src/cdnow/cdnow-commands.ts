import type { RecordOrder, RegisterCustomer } from '@crm/domain';
import { streams } from '@crm/events';
import type { CustomerImport, ImportCommand } from '../import/customer-import';
import type { CdnowRow } from './cdnow-row';
import { centsToMoney, exactUnitPrices } from './exact-order-lines';

/**
 * What the CDNOW log does not say, filled in with fixed placeholders: every purchase is CDs
 * ("music", brand "cdnow", sku "cdnow-cd"), sold on the web to an online retail customer.
 */
export const CDNOW_PLACEHOLDERS = {
  customerType: 'retail',
  region: 'online',
  source: 'CDNOW transaction log',
  channel: 'web',
  sku: 'cdnow-cd',
  category: 'music',
  brand: 'cdnow',
} as const;

/** A valid row with its position among the file's rows of the same customer and day (1, 2, …). */
export type SequencedRow = CdnowRow & { sequence: number };

export const cdnowCustomerId = (sourceId: string): string => `cdnow-${sourceId}`;

/** Customer, day and the row's sequence within that customer's day: same-day rows differ. */
export const cdnowOrderId = (row: SequencedRow): string =>
  `cdnow-${row.customerId}-${row.date}-${row.sequence}`;

/** YYYYMMDD → midnight UTC, ISO-8601 (the form the HTTP API stores). */
export const midnightUtc = (date: string): string =>
  `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T00:00:00.000Z`;

/**
 * Command ids come from the source row: the registration from the source customer id, an order
 * from its customer, day, sequence and content. The same row yields the same id (and event ids),
 * so a re-run appends nothing; a row whose content changed under the same order id gets a new
 * command id and is refused by the domain (the order id is recorded once) instead of vanishing.
 */
export const registrationCommandId = (sourceId: string): string => `cdnow:${sourceId}:register`;
export const orderCommandId = (row: SequencedRow): string =>
  `cdnow:${row.customerId}:${row.date}:${row.sequence}:${row.cds}:${centsToMoney(row.cents)}`;

const registration = (sourceId: string, rows: SequencedRow[]): ImportCommand<RegisterCustomer> => {
  const first = rows.reduce((a, b) => (b.date < a.date ? b : a));
  const registeredAt = midnightUtc(first.date);
  return {
    commandId: registrationCommandId(sourceId),
    occurredAt: registeredAt,
    lines: [first.line],
    command: {
      type: 'RegisterCustomer',
      customerId: cdnowCustomerId(sourceId),
      name: `CDNOW customer ${sourceId}`,
      customerType: CDNOW_PLACEHOLDERS.customerType,
      region: CDNOW_PLACEHOLDERS.region,
      source: CDNOW_PLACEHOLDERS.source,
      externalId: sourceId,
      registeredAt,
    },
  };
};

const order = (row: SequencedRow): ImportCommand<RecordOrder> => {
  const orderedAt = midnightUtc(row.date);
  return {
    commandId: orderCommandId(row),
    occurredAt: orderedAt,
    lines: [row.line],
    command: {
      type: 'RecordOrder',
      customerId: cdnowCustomerId(row.customerId),
      orderId: cdnowOrderId(row),
      channel: CDNOW_PLACEHOLDERS.channel,
      orderedAt,
      // The order's total is the row's dollar value to the cent (see exactUnitPrices).
      lines: exactUnitPrices(row.cds, row.cents).map(({ quantity, unitPrice }) => ({
        sku: CDNOW_PLACEHOLDERS.sku,
        category: CDNOW_PLACEHOLDERS.category,
        brand: CDNOW_PLACEHOLDERS.brand,
        quantity,
        unitPrice,
      })),
    },
  };
};

/** The registration (dated by the first purchase) and one order per row, in file order. */
export const cdnowCustomerImport = (sourceId: string, rows: SequencedRow[]): CustomerImport => {
  if (rows.length === 0) throw new Error(`customer ${sourceId} has no rows to import`);
  const customerId = cdnowCustomerId(sourceId);
  return {
    customerId,
    streamId: streams.customer(customerId),
    registration: registration(sourceId, rows),
    orders: rows.map(order),
  };
};
