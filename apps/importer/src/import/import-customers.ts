import type { BatchImporter, BatchOutcome } from './batch-importer';
import type { CustomerImport, RefusedRow } from './customer-import';
import type { ImportProgress } from './import-progress';

/** What a source yields, in file order: a customer with its rows, or a row refused on reading. */
export type ImportItem =
  { kind: 'customer'; customer: CustomerImport; rows: number } | { kind: 'refused'; refusal: RefusedRow };

export interface ImportSummary {
  /** Data rows in the file (header and blank lines excluded). */
  rowsRead: number;
  /** Distinct customers that exist after the import (registered now or before). */
  customers: number;
  customersRegistered: number;
  /** Orders that exist after the import (recorded now or before). */
  orders: number;
  ordersRecorded: number;
  /** Every refused row, in line order; nothing of them was written. */
  refused: RefusedRow[];
  eventsAppended: number;
  wallTimeMs: number;
  eventsPerSecond: number;
}

export interface ImportCustomersOptions {
  /** Customers per batch (one transaction each). */
  batchSize: number;
  progress: ImportProgress;
  /** Progress total: rows expected (e.g. the file's line count). */
  totalRows: number;
}

/**
 * Feeds a source's customers to the batch importer, `batchSize` customers per transaction, and
 * reports refused rows as they are found. A customer seen again (rows out of order in the file)
 * starts a new batch, so it is decided on what its earlier rows appended.
 */
export async function importCustomers(
  items: AsyncIterable<ImportItem>,
  importer: BatchImporter,
  { batchSize, progress, totalRows }: ImportCustomersOptions,
): Promise<ImportSummary> {
  const started = Date.now();
  const refused: RefusedRow[] = [];
  const customers = new Set<string>();
  const registered = new Set<string>();
  let rowsRead = 0;
  let rowsDone = 0;
  let orders = 0;
  let ordersRecorded = 0;
  let eventsAppended = 0;
  let batch: CustomerImport[] = [];
  const batchIds = new Set<string>();
  let batchRows = 0;

  const refuse = (rows: RefusedRow[]) => {
    for (const row of rows) progress.log(`line ${row.line}: ${row.reason}`);
    refused.push(...rows);
  };
  const record = (outcome: BatchOutcome, rows: number) => {
    refuse(outcome.refused);
    for (const id of outcome.customersRegistered) registered.add(id);
    for (const id of [...outcome.customersRegistered, ...outcome.customersBefore]) customers.add(id);
    orders += outcome.ordersRecorded + outcome.ordersBefore;
    ordersRecorded += outcome.ordersRecorded;
    eventsAppended += outcome.eventsAppended;
    rowsDone += rows;
    progress.update(rowsDone);
  };
  // One batch is appended while the next one is read and decided; appends stay in file order.
  let appending: Promise<void> = Promise.resolve();
  let appendingIds = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const [current, ids, rows] = [batch, new Set(batchIds), batchRows];
    batch = [];
    batchIds.clear();
    batchRows = 0;
    // A customer whose earlier rows are still being appended is decided after them.
    if ([...ids].some((id) => appendingIds.has(id))) await appending;
    const prepared = importer.prepare(current);
    prepared.catch(() => undefined); // observed below, after the previous batch
    const previous = appending;
    appending = previous.then(async () => record(await importer.commit(await prepared), rows));
    appending.catch(() => undefined); // observed by the next flush or at the end
    appendingIds = ids;
    await previous;
  };

  progress.start(totalRows);
  try {
    for await (const item of items) {
      if (item.kind === 'refused') {
        rowsRead++;
        rowsDone++;
        refuse([item.refusal]);
        continue;
      }
      if (batchIds.has(item.customer.customerId)) await flush();
      batch.push(item.customer);
      batchIds.add(item.customer.customerId);
      rowsRead += item.rows;
      batchRows += item.rows;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await appending;
    progress.update(Math.max(rowsDone, totalRows));
  } finally {
    progress.stop();
  }
  const wallTimeMs = Date.now() - started;
  return {
    rowsRead,
    customers: customers.size,
    customersRegistered: registered.size,
    orders,
    ordersRecorded,
    refused: refused.sort((a, b) => a.line - b.line),
    eventsAppended,
    wallTimeMs,
    eventsPerSecond: wallTimeMs > 0 ? Math.round((eventsAppended * 1000) / wallTimeMs) : 0,
  };
}
