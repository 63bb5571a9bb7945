import { Client } from 'pg';
import { EventStoreSchema1763900000000, PostgresEventStore } from '@crm/event-store';
import {
  createTestDatabase,
  describeEventStoreContract,
  testEvent,
  type EventStoreHarness,
  type TestDatabase,
} from '@crm/testing';

const migrations = [EventStoreSchema1763900000000];

/** Holds an append open: the row takes its transaction id and position now, commits later. */
const slowAppend = async (url: string, streamId: string, event: ReturnType<typeof testEvent>) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO event_store.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
     VALUES ($1, 0, $2, $3, 1, $4, $5, $6)`,
    [streamId, event.metadata.eventId, event.type, event.data, event.metadata, event.metadata.occurredAt],
  );
  return {
    commit: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
};

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('pg_event_store', migrations);
});
afterAll(async () => {
  await db.drop();
});

const harness = async (unsafe = false): Promise<EventStoreHarness> => {
  const store = new PostgresEventStore({
    connectionString: db.url,
    pollIntervalMs: 50,
    unsafeIgnoreInFlightTransactions: unsafe,
  });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  // The append-only trigger forbids DELETE; each test starts from an empty log.
  await client.query('TRUNCATE event_store.events');
  await client.end();
  return {
    store,
    beginSlowAppend: (streamId, event) => slowAppend(db.url, streamId, event),
    dispose: () => store.close(),
  };
};

describeEventStoreContract('PostgreSQL', () => harness());

describe('PostgreSQL event store: the transaction-id filter', () => {
  it('is what prevents the skip: without it a subscriber misses the late-committing event', async () => {
    const { store, beginSlowAppend, dispose } = await harness(true);
    const received: string[] = [];
    const sub = store.subscribeToAll({
      from: null,
      onBatch: async (b) => void received.push(...b.map((e) => e.metadata.commandId)),
    });
    const slow = await beginSlowAppend!('s-1', testEvent('early-but-slow', 0));
    await store.appendToStream('s-2', [testEvent('late-but-fast', 0)], { expectedVersion: 'no_stream' });
    await new Promise((r) => setTimeout(r, 400));
    await slow.commit();
    await new Promise((r) => setTimeout(r, 400));
    await sub.stop();
    await dispose();
    expect(received).toEqual(['late-but-fast']);
  });

  it('orders the log by transaction id as a number (transaction 10 after transaction 9)', async () => {
    const { store, dispose } = await harness();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    // Rows as if written by transactions 9 and 10 (long finished): text order would swap them.
    for (const [xid, commandId] of [
      ['10', 'second'],
      ['9', 'first'],
    ] as const) {
      const event = testEvent(commandId, 0);
      await client.query(
        `INSERT INTO event_store.events
           (transaction_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
         VALUES ($1::xid8, $2, 0, $3, $4, 1, $5, $6, $7)`,
        [
          xid,
          `xid-${commandId}`,
          event.metadata.eventId,
          event.type,
          event.data,
          event.metadata,
          event.metadata.occurredAt,
        ],
      );
    }
    await client.end();
    const all = await store.readAll(null, 10);
    expect(all.map((e) => e.metadata.commandId)).toEqual(['first', 'second']);
    const afterFirst = await store.readAll(all[0]!.logPosition, 10);
    expect(afterFirst.map((e) => e.metadata.commandId)).toEqual(['second']);
    await dispose();
  });

  it('upcasts a version-1 VisitLogged (no activityType) to version 2 on every read path', async () => {
    const { store, dispose } = await harness();
    const event = testEvent('v1-visit', 0, 'VisitLogged', {
      customerId: 'c-old',
      visitId: 'v-old',
      repId: 'r-old',
      channel: 'phone',
      cost: '1.00',
      visitedAt: '2020-01-01T00:00:00.000Z',
    });
    delete (event.data as { index?: number }).index;
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `INSERT INTO event_store.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       VALUES ('customer-c-old', 0, $1, 'VisitLogged', 1, $2, $3, $4)`,
      [
        event.metadata.eventId,
        event.data,
        { ...event.metadata, schemaVersion: 1 },
        event.metadata.occurredAt,
      ],
    );
    await client.end();
    const [fromStream] = await store.readStream('customer-c-old');
    const [fromLog] = await store.readAll(null, 10);
    for (const read of [fromStream!, fromLog!]) {
      expect(read.metadata.schemaVersion).toBe(2);
      expect(read.data).toEqual({ ...(event.data as object), activityType: 'unspecified' });
    }
    await dispose();
  });

  it('refuses to edit or delete a stored event', async () => {
    const { store, dispose } = await harness();
    await store.appendToStream('immutable', [testEvent('x', 0)], { expectedVersion: 'no_stream' });
    await dispose();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await expect(client.query(`UPDATE event_store.events SET data = '{}'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM event_store.events`)).rejects.toThrow(/append-only/);
    await client.end();
  });
});

describe('PostgreSQL event store: waking subscribers after appends', () => {
  /**
   * A subscriber on a store instance of its own (as the projector is in its own process) that polls
   * only every ten minutes, far beyond the test timeout: an event reaches it only if a NOTIFY woke it.
   */
  const sleepySubscriber = () => {
    const store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 600_000 });
    const received: string[] = [];
    const waiters: Array<{ count: number; resolve: () => void }> = [];
    const sub = store.subscribeToAll({
      from: null,
      onBatch: async (batch) => {
        received.push(...batch.map((e) => e.metadata.commandId));
        for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
      },
    });
    return {
      received,
      /** Resolves once `count` events have been received (the test times out otherwise). */
      until: (count: number) =>
        received.length >= count
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.push({ count, resolve })),
      stop: async () => {
        await sub.stop();
        await store.close();
      },
    };
  };

  it('wakes a subscriber of another store instance after appendToStream', async () => {
    const { store, dispose } = await harness();
    const subscriber = sleepySubscriber();
    await store.appendToStream('wake-1', [testEvent('first', 0)], { expectedVersion: 'no_stream' });
    await subscriber.until(1);
    // The subscriber has read the log to its end and waits: only a notification brings the next.
    await store.appendToStream('wake-1', [testEvent('second', 0)], { expectedVersion: 0 });
    await subscriber.until(2);
    expect(subscriber.received).toEqual(['first', 'second']);
    await subscriber.stop();
    await dispose();
  });

  it('wakes it after appendMany', async () => {
    const { store, dispose } = await harness();
    const subscriber = sleepySubscriber();
    await store.appendToStream('wake-2', [testEvent('first', 0)], { expectedVersion: 'no_stream' });
    await subscriber.until(1);
    await store.appendMany([
      { streamId: 'wake-2', expectedVersion: 0, events: [testEvent('batch-a', 0)] },
      { streamId: 'wake-3', expectedVersion: 'no_stream', events: [testEvent('batch-b', 0)] },
    ]);
    await subscriber.until(3);
    expect(subscriber.received).toEqual(['first', 'batch-a', 'batch-b']);
    await subscriber.stop();
    await dispose();
  });

  it('stops a subscriber asked to stop while it handles a batch, without waiting out its poll interval', async () => {
    const { store, dispose } = await harness();
    const quiet = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 600_000 });
    await store.appendToStream('stop-1', [testEvent('only', 0)], { expectedVersion: 'no_stream' });
    // Closing the writer sends its NOTIFY before the subscriber listens: no notification is due.
    await dispose();
    let stopping: Promise<void> | undefined;
    const handled: string[] = [];
    const sub = quiet.subscribeToAll({
      from: null,
      onBatch: async (batch) => {
        handled.push(...batch.map((e) => e.metadata.commandId));
        stopping ??= sub.stop();
      },
    });
    await sub.done;
    await stopping;
    expect(handled).toEqual(['only']);
    await quiet.close();
  });

  it('reads ahead during a full batch, in order, and keeps a notification that came in meanwhile', async () => {
    const { store, dispose } = await harness();
    await store.appendToStream(
      'ahead-1',
      ['a1', 'a2', 'a3', 'a4'].map((id) => testEvent(id, 0)),
      {
        expectedVersion: 'no_stream',
      },
    );
    const quiet = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 600_000 });
    const batches: string[][] = [];
    let appended = false;
    let fifth!: () => void;
    const gotFifth = new Promise<void>((resolve) => (fifth = resolve));
    const sub = quiet.subscribeToAll({
      from: null,
      batchSize: 2,
      onBatch: async (batch) => {
        batches.push(batch.map((e) => e.metadata.commandId));
        if (batch.some((e) => e.metadata.commandId === 'a5')) fifth();
        if (batches.length === 2 && !appended) {
          appended = true;
          // The read after this full batch is under way (and finds nothing new): the append's
          // notification arrives while this batch is handled, and must not be lost.
          await new Promise((r) => setTimeout(r, 200));
          await store.appendToStream('ahead-1', [testEvent('a5', 0)], { expectedVersion: 3 });
          await new Promise((r) => setTimeout(r, 300));
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the fifth event never came: its notification was lost')),
        5_000,
      );
    });
    try {
      await Promise.race([gotFifth, timeout]).finally(() => clearTimeout(timer));
      expect(batches.flat()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      expect(batches[0]).toEqual(['a1', 'a2']);
    } finally {
      await sub.stop();
      await quiet.close();
      await dispose();
    }
  });

  it('delivers every one of many concurrent appends, whose notifications are coalesced', async () => {
    const { store, dispose } = await harness();
    const subscriber = sleepySubscriber();
    await store.appendToStream('wake-many-0', [testEvent('first', 0)], { expectedVersion: 'no_stream' });
    await subscriber.until(1);
    const ids = Array.from({ length: 40 }, (_, i) => `many-${i + 1}`);
    await Promise.all(
      ids.map((id) =>
        store.appendToStream(`wake-${id}`, [testEvent(id, 0)], { expectedVersion: 'no_stream' }),
      ),
    );
    await subscriber.until(41);
    expect([...subscriber.received].sort()).toEqual(['first', ...ids].sort());
    await subscriber.stop();
    await dispose();
  });
});
