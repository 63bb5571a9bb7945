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
