import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventStoreSchema1763900000000, PostgresEventStore, type LogEvent } from '@crm/event-store';
import type { OrderRecorded } from '@crm/events';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import type { ImportProgress } from '../apps/importer/src/import/import-progress';

/** A hand-made CDNOW master file (CRLF) mixing good rows with every kind of malformed one. */
const FILE = [
  ' customer_id  date number_of_cds  dollar_value', // 1 header
  ' 00001 19970101  1   11.77', // 2 ok
  ' 00001 19970101  2   -5.00', // 3 negative value
  ' 00002 19970230  1   10.00', // 4 no such date
  ' 00002 19970301  x   10.00', // 5 not a number
  ' 00002 19970301  1   10.001', // 6 three decimals
  ' 00003 19970101  0   12.00', // 7 no CDs but a value
  ' 00003 19970101  1', // 8 a column missing
  ' 00003 19970102  3   10.00', // 9 ok: 10.00 for 3 CDs
  '', // 10 blank
  ' 00004 19970105  1    0.00', // 11 ok: free
  ' 00004 19970105  2    9.99', // 12 ok: same day, second order
].join('\r\n');

let dir: string;
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'import-malformed-'));
  await writeFile(path.join(dir, 'cdnow.txt'), FILE);
  db = await createTestDatabase('import_malformed', [EventStoreSchema1763900000000]);
  store = new PostgresEventStore({ connectionString: db.url });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

const collectingProgress = (messages: string[]): ImportProgress => ({
  start: () => undefined,
  update: () => undefined,
  log: (message) => void messages.push(message),
  stop: () => undefined,
});

describe('CDNOW import of untrusted input', () => {
  const reported: string[] = [];
  let log: LogEvent[];
  let summary: Awaited<ReturnType<typeof importCdnowFile>>;

  beforeAll(async () => {
    summary = await importCdnowFile(path.join(dir, 'cdnow.txt'), store, {
      batchSize: 2,
      progress: collectingProgress(reported),
    });
    log = await store.readAll(null, 1000);
  });

  it('reports each malformed row with its line number and reason', () => {
    const expected = [
      'line 3: dollar_value "-5.00" is negative',
      'line 4: date "19970230" is not a calendar date (YYYYMMDD)',
      'line 5: number_of_cds "x" is not a whole number',
      'line 6: dollar_value "10.001" has more than 2 decimals',
      'line 7: number_of_cds is 0 but dollar_value is 12.00',
      'line 8: expected 4 columns (customer_id date number_of_cds dollar_value), found 3',
    ];
    expect(reported).toEqual(expected);
    expect(summary.refused.map((r) => `line ${r.line}: ${r.reason}`)).toEqual(expected);
    expect(summary).toMatchObject({ rowsRead: 10, customers: 3, orders: 4, eventsAppended: 7 });
  });

  it('writes nothing of a refused row and imports the others', () => {
    expect(log.filter((e) => e.type === 'CustomerRegistered').map((e) => e.streamId)).toEqual([
      'customer-cdnow-00001',
      'customer-cdnow-00003',
      'customer-cdnow-00004',
    ]);
    const orders = log
      .filter((e) => e.type === 'OrderRecorded')
      .map((e) => e.data as OrderRecorded['data'])
      .map((o) => [o.orderId, o.totalQuantity, o.totalAmount, o.orderedAt]);
    expect(orders).toEqual([
      ['cdnow-00001-19970101-1', 1, '11.77', '1997-01-01T00:00:00.000Z'],
      // line 7 and 8 (customer 00003, 1 January) were refused: 2 January is its first order
      ['cdnow-00003-19970102-1', 3, '10.00', '1997-01-02T00:00:00.000Z'],
      ['cdnow-00004-19970105-1', 1, '0.00', '1997-01-05T00:00:00.000Z'],
      ['cdnow-00004-19970105-2', 2, '9.99', '1997-01-05T00:00:00.000Z'],
    ]);
    expect(log.some((e) => e.streamId === 'customer-cdnow-00002')).toBe(false);
  });

  it('records 10.00 for 3 CDs exactly, as two prices one cent apart', () => {
    const order = log.find((e) => (e.data as OrderRecorded['data']).orderId === 'cdnow-00003-19970102-1');
    expect(
      (order!.data as OrderRecorded['data']).lines.map((l) => [l.quantity, l.unitPrice, l.amount]),
    ).toEqual([
      [2, '3.33', '6.66'],
      [1, '3.34', '3.34'],
    ]);
  });

  it('keeps the numbering when a fixed row is imported later: the refused same-day row fills its own slot', async () => {
    const fixed = FILE.replace(' 00001 19970101  2   -5.00', ' 00001 19970101  2    5.00');
    await writeFile(path.join(dir, 'fixed.txt'), fixed);
    const again = await importCdnowFile(path.join(dir, 'fixed.txt'), store, {
      batchSize: 500,
      progress: collectingProgress([]),
    });
    expect(again.refused.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(again.eventsAppended).toBe(1);
    const added = (await store.readAll(log[log.length - 1]!.logPosition, 10)).map(
      (e) => e.data as OrderRecorded['data'],
    );
    expect(added.map((o) => [o.orderId, o.totalAmount])).toEqual([['cdnow-00001-19970101-2', '5.00']]);
  });
});
