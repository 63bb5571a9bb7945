import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventStoreSchema1763900000000, PostgresEventStore, type LogEvent } from '@crm/event-store';
import type { CustomerRegistered, OrderRecorded } from '@crm/events';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import { silentProgress } from '../apps/importer/src/import/import-progress';

/**
 * Imports the real CDNOW sample (6,919 rows, 2,357 customers) through the command path and checks
 * the event store against figures computed here from the file itself, in integer cents.
 */
const SAMPLE = path.resolve(__dirname, '../../shared/datasets/cdnow/CDNOW_sample.txt');

const cents = (money: string): bigint => {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money);
  if (!match) throw new Error(`not a dollar amount with at most 2 decimals: ${money}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
};

/** What the file says, read independently of the importer: sample layout, master id first. */
const expectedFromFile = () => {
  const rows = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/))
    .map(([masterId, , date, cds, value]) => ({
      masterId: masterId!,
      date: date!,
      cds: Number(cds),
      value: value!,
    }));
  const firstDate = new Map<string, string>();
  const perDay = new Map<string, number>();
  const orders = new Map<string, { cents: bigint; quantity: number }>();
  for (const row of rows) {
    const first = firstDate.get(row.masterId);
    if (!first || row.date < first) firstDate.set(row.masterId, row.date);
    const day = `${row.masterId}-${row.date}`;
    const sequence = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, sequence);
    orders.set(`cdnow-${day}-${sequence}`, { cents: cents(row.value), quantity: row.cds });
  }
  const revenue = [...orders.values()].reduce((sum, o) => sum + o.cents, 0n);
  return { rows: rows.length, firstDate, orders, revenue };
};

const readLog = async (store: PostgresEventStore): Promise<LogEvent[]> => {
  const events: LogEvent[] = [];
  for (let page = await store.readAll(null, 5000); page.length > 0;) {
    events.push(...page);
    page = await store.readAll(page[page.length - 1]!.logPosition, 5000);
  }
  return events;
};

let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('import_cdnow', [EventStoreSchema1763900000000]);
  store = new PostgresEventStore({ connectionString: db.url });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('CDNOW import of the sample file', () => {
  const expected = expectedFromFile();
  let log: LogEvent[];

  beforeAll(async () => {
    const summary = await importCdnowFile(SAMPLE, store, { batchSize: 500, progress: silentProgress });
    expect(summary).toMatchObject({
      layout: 'sample',
      rowsRead: expected.rows,
      customers: expected.firstDate.size,
      orders: expected.orders.size,
      refused: [],
      eventsAppended: expected.firstDate.size + expected.orders.size,
    });
    log = await readLog(store);
  });

  it('registers one retail customer per source customer, keeping its id as externalId, dated by its first purchase', () => {
    const registered = log.filter((e) => e.type === 'CustomerRegistered') as unknown as CustomerRegistered[];
    expect(registered).toHaveLength(2357);
    expect(registered).toHaveLength(expected.firstDate.size);
    for (const { data } of registered) {
      const first = expected.firstDate.get(data.externalId!);
      expect(data.customerId).toBe(`cdnow-${data.externalId}`);
      expect(data.type).toBe('retail');
      expect(data.registeredAt).toBe(
        `${first!.slice(0, 4)}-${first!.slice(4, 6)}-${first!.slice(6)}T00:00:00.000Z`,
      );
    }
  });

  it('records one order per row, each totalling the row dollar value to the cent', () => {
    const orders = log.filter((e) => e.type === 'OrderRecorded') as unknown as OrderRecorded[];
    expect(orders).toHaveLength(6919);
    const recorded = new Map(
      orders.map(({ data }) => [
        data.orderId,
        { cents: cents(data.totalAmount), quantity: data.totalQuantity },
      ]),
    );
    expect(recorded).toEqual(expected.orders);
  });

  it('holds exactly the file total revenue, in integer cents', () => {
    const revenue = log
      .filter((e) => e.type === 'OrderRecorded')
      .reduce((sum, e) => sum + cents((e.data as OrderRecorded['data']).totalAmount), 0n);
    expect(revenue).toBe(expected.revenue);
  });

  it('appends nothing when the same file is imported again', async () => {
    const again = await importCdnowFile(SAMPLE, store, { batchSize: 300, progress: silentProgress });
    expect(again).toMatchObject({
      eventsAppended: 0,
      customers: 2357,
      customersRegistered: 0,
      orders: 6919,
      ordersRecorded: 0,
      refused: [],
    });
    expect((await readLog(store)).length).toBe(log.length);
  });
});
