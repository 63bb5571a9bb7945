import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EventStoreSchema1763900000000,
  eventIdFor,
  PostgresEventStore,
  type StreamAppend,
} from '@crm/event-store';
import type { OrderRecorded } from '@crm/events';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { cdnowCustomerImport } from '../apps/importer/src/cdnow/cdnow-commands';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import { BatchImporter } from '../apps/importer/src/import/batch-importer';
import { silentProgress } from '../apps/importer/src/import/import-progress';

/** The batch importer against a real store while another writer changes one of its streams. */
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('import_batch_retry', [EventStoreSchema1763900000000]);
  store = new PostgresEventStore({ connectionString: db.url });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const customer = (id: string, day: string) =>
  cdnowCustomerImport(id, [{ line: 1, customerId: id, date: day, cds: 1, cents: 500n, sequence: 1 }]);

const order = (customerId: string, orderId: string): OrderRecorded => ({
  type: 'OrderRecorded',
  data: {
    customerId,
    orderId,
    channel: 'direct',
    lines: [{ sku: 'x', category: 'music', brand: 'other', quantity: 1, unitPrice: '1.00', amount: '1.00' }],
    totalQuantity: 1,
    totalAmount: '1.00',
    orderedAt: '1997-06-01T00:00:00.000Z',
  },
});

describe('batch importer', () => {
  it('decides a batch again when another writer changed one of its streams in between', async () => {
    const options = { correlationId: 'retry-test', actor: { userId: 'test', role: 'system' as const } };
    // The first customer exists already; an HTTP order lands on it between read and append.
    const [first, second] = [customer('00100', '19970101'), customer('00101', '19970102')];
    await new BatchImporter(store, options).importBatch([first]);
    let interfered = false;
    const racing = Object.create(store) as PostgresEventStore;
    racing.appendMany = async (batch: StreamAppend[]) => {
      if (!interfered) {
        interfered = true;
        const event = order('cdnow-00100', 'http-order');
        await store.appendToStream(
          first.streamId,
          [
            {
              ...event,
              metadata: {
                ...batch[0]!.events[0]!.metadata,
                eventId: eventIdFor('http', 0),
                commandId: 'http',
              },
            },
          ],
          { expectedVersion: 1 },
        );
      }
      return store.appendMany(batch);
    };
    const withOrder = cdnowCustomerImport('00100', [
      { line: 1, customerId: '00100', date: '19970101', cds: 1, cents: 500n, sequence: 1 },
      { line: 2, customerId: '00100', date: '19970301', cds: 2, cents: 999n, sequence: 1 },
    ]);
    const outcome = await new BatchImporter(racing, options).importBatch([withOrder, second]);
    expect(interfered).toBe(true);
    expect(outcome).toMatchObject({ eventsAppended: 3, ordersRecorded: 2, ordersBefore: 1, refused: [] });
    expect((await store.readStream(first.streamId)).map((e) => e.metadata.commandId)).toEqual([
      'cdnow:00100:register',
      'cdnow:00100:19970101:1:1:5.00',
      'http',
      'cdnow:00100:19970301:1:2:9.99',
    ]);
    expect(await store.readStream(second.streamId)).toHaveLength(2);
  });

  it('skips what a concurrent run of the same rows stored meanwhile and appends the rest', async () => {
    const options = { correlationId: 'retry-test', actor: { userId: 'test', role: 'system' as const } };
    const target = cdnowCustomerImport('00400', [
      { line: 1, customerId: '00400', date: '19970101', cds: 1, cents: 500n, sequence: 1 },
      { line: 2, customerId: '00400', date: '19970102', cds: 1, cents: 700n, sequence: 1 },
    ]);
    let raced = false;
    const racing = Object.create(store) as PostgresEventStore;
    racing.appendMany = async (batch: StreamAppend[]) => {
      if (!raced) {
        raced = true; // the other run stored the registration and the first order only
        await store.appendToStream(batch[0]!.streamId, batch[0]!.events.slice(0, 2), {
          expectedVersion: 'no_stream',
        });
      }
      return store.appendMany(batch);
    };
    const outcome = await new BatchImporter(racing, options).importBatch([target]);
    expect(outcome).toMatchObject({ eventsAppended: 1, ordersRecorded: 1, ordersBefore: 1, refused: [] });
    expect(outcome.customersBefore).toEqual(['cdnow-00400']);
    expect((await store.readStream(target.streamId)).map((e) => e.metadata.commandId)).toEqual([
      'cdnow:00400:register',
      'cdnow:00400:19970101:1:1:5.00',
      'cdnow:00400:19970102:1:1:7.00',
    ]);
  });

  it('gives up with the ConcurrencyError when the streams keep changing', async () => {
    const racing = Object.create(store) as PostgresEventStore;
    let attempts = 0;
    racing.appendMany = async (batch: StreamAppend[]) => {
      attempts++;
      return store.appendMany(batch.map((entry) => ({ ...entry, expectedVersion: 41 })));
    };
    const importer = new BatchImporter(racing, {
      correlationId: 'retry-test',
      actor: { userId: 'test', role: 'system' },
      maxAttempts: 3,
    });
    await expect(importer.importBatch([customer('00200', '19970101')])).rejects.toMatchObject({
      name: 'ConcurrencyError',
    });
    expect(attempts).toBe(3);
    expect(await store.readStream('customer-cdnow-00200')).toEqual([]);
  });
});

describe('import of a file whose customer comes back after another one', () => {
  it('decides the later rows on what the earlier ones appended, even in the very next batch', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-unsorted-'));
    const file = path.join(dir, 'unsorted.txt');
    // Customer 00300 comes back after 00301: with 2 customers per batch, its second run is the
    // next batch, read while the first one may still be appending.
    await writeFile(
      file,
      ['00300 0001 19970101 1 1.00', '00301 0002 19970101 1 2.00', '00300 0001 19970101 1 3.00'].join('\r\n'),
    );
    try {
      const summary = await importCdnowFile(file, store, { batchSize: 2, progress: silentProgress });
      expect(summary).toMatchObject({ customers: 2, orders: 3, refused: [], eventsAppended: 5 });
      const stream = await store.readStream('customer-cdnow-00300');
      expect(stream.map((e) => (e.data as { orderId?: string }).orderId ?? e.type)).toEqual([
        'CustomerRegistered',
        'cdnow-00300-19970101-1',
        'cdnow-00300-19970101-2',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('two imports of the same file at once', () => {
  it('append every row exactly once between them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-twice-'));
    const file = path.join(dir, 'twice.txt');
    const rows = Array.from({ length: 300 }, (_, c) =>
      [1, 2, 2].map((day, i) => `${String(1000 + c).padStart(5, '0')} 1997010${day} ${i + 1} ${c}.${i}5`),
    ).flat();
    await writeFile(file, `customer_id date number_of_cds dollar_value\r\n${rows.join('\r\n')}\r\n`);
    try {
      const runs = await Promise.all(
        [40, 70].map((batchSize) => importCdnowFile(file, store, { batchSize, progress: silentProgress })),
      );
      expect(runs.map((r) => r.refused)).toEqual([[], []]);
      expect(runs[0]!.eventsAppended + runs[1]!.eventsAppended).toBe(1200);
      expect(runs.map((r) => [r.customers, r.orders])).toEqual([
        [300, 900],
        [300, 900],
      ]);
      const streams = await Promise.all(
        [1000, 1150, 1299].map((c) => store.readStream(`customer-cdnow-0${c}`)),
      );
      expect(streams.map((s) => s.length)).toEqual([4, 4, 4]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
