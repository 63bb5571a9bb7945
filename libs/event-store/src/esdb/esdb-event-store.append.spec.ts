import {
  ANY,
  NO_STREAM,
  UnavailableError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../port/errors';
import { eventIdFor } from '../port/event-ids';
import type { EsdbRecordedEvent, EsdbResolvedEvent } from './esdb-client';
import { APPEND_ATTEMPT_KEY } from './esdb-event-mapping';
import { EventStoreDbEventStore } from './esdb-event-store';
import { adapterOverDouble, esdbTestEvent as event } from './esdb-test-fixtures';
import { InMemoryEventStoreDbClient } from './in-memory-esdb-client.double';

/** The double, recording what the adapter asks of it. */
class RecordingClient extends InMemoryEventStoreDbClient {
  readonly appends: Array<{
    streamName: string;
    events: EventData[];
    expectedRevision: AppendExpectedRevision;
  }> = [];

  override appendToStream(
    streamName: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<AppendResult> {
    this.appends.push({ streamName, events, expectedRevision: options.expectedRevision });
    return super.appendToStream(streamName, events, options);
  }
}

const raw = async (client: InMemoryEventStoreDbClient, streamId: string): Promise<EsdbRecordedEvent[]> => {
  const events: EsdbRecordedEvent[] = [];
  for await (const r of client.readStream(streamId, {}) as AsyncIterable<EsdbResolvedEvent>)
    events.push(r.event!);
  return events;
};

describe('EventStoreDbEventStore appends (over the in-memory client double)', () => {
  it("passes the expected version as the expected revision: 'no_stream' → NO_STREAM, 'any' → ANY, n → n", async () => {
    const client = new RecordingClient();
    const { store } = adapterOverDouble({}, client);
    await store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' });
    await store.appendToStream('s', [event('b')], { expectedVersion: 0 });
    await store.appendToStream('s', [event('c')], { expectedVersion: 'any' });
    expect(client.appends.map((a) => a.expectedRevision)).toEqual([NO_STREAM, 0n, ANY]);
  });

  it("writes JSON events whose ids are the metadata's event ids", async () => {
    const client = new RecordingClient();
    const { store } = adapterOverDouble({}, client);
    await store.appendToStream('s', [event('cmd', 0), event('cmd', 1)], { expectedVersion: 'no_stream' });
    const [sent] = client.appends;
    expect(sent!.events.map((e) => [e.id, e.type, e.contentType])).toEqual([
      [eventIdFor('cmd', 0), 'TestHappened', 'application/json'],
      [eventIdFor('cmd', 1), 'TestHappened', 'application/json'],
    ]);
    expect((await raw(client, 's')).map((e) => e.id)).toEqual([eventIdFor('cmd', 0), eventIdFor('cmd', 1)]);
  });

  it('answers the revision and the $all position of the last event: global position = commit position', async () => {
    const { store, client } = adapterOverDouble();
    const result = await store.appendToStream('s', [event('a', 0), event('a', 1)], {
      expectedVersion: 'no_stream',
    });
    const last = (await raw(client, 's'))[1]!;
    expect(result).toEqual({
      streamVersion: 1,
      globalPosition: last.position!.commit.toString(),
      logPosition: `${last.position!.commit}/${last.position!.prepare}`,
      alreadyAppended: false,
    });
  });

  it('keeps its own bookkeeping out of the metadata it reads back', async () => {
    const { store, client } = adapterOverDouble();
    await store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' });
    expect((await raw(client, 's'))[0]!.metadata).toHaveProperty(APPEND_ATTEMPT_KEY);
    const [read] = await store.readStream('s');
    const [logged] = await store.readAll(null, 10);
    expect(read!.metadata).toEqual(event('a').metadata);
    expect(logged!.metadata).toEqual(event('a').metadata);
  });

  it('turns WrongExpectedVersion into a ConcurrencyError with the actual version', async () => {
    const { store } = adapterOverDouble();
    await store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' });
    await store.appendToStream('s', [event('b')], { expectedVersion: 0 });
    const stale = store.appendToStream('s', [event('c')], { expectedVersion: 0 });
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ streamId: 's', expectedVersion: 0, actualVersion: 1 });
    await expect(store.appendToStream('new', [event('d')], { expectedVersion: 3 })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      actualVersion: 'no_stream',
    });
  });

  it('lets other client errors through unchanged', async () => {
    const client = new InMemoryEventStoreDbClient();
    const unavailable = new UnavailableError();
    jest.spyOn(client, 'appendToStream').mockRejectedValue(unavailable);
    const { store } = adapterOverDouble({}, client);
    await expect(store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' })).rejects.toBe(
      unavailable,
    );
  });

  it('answers a repeat with the same expected version (deduplicated by the server) as already appended', async () => {
    const { store, client } = adapterOverDouble();
    const first = await store.appendToStream('s', [event('a', 0), event('a', 1)], {
      expectedVersion: 'no_stream',
    });
    await store.appendToStream('s', [event('b')], { expectedVersion: 1 });
    const again = await store.appendToStream('s', [event('a', 0), event('a', 1)], {
      expectedVersion: 'no_stream',
    });
    expect(again).toEqual({ ...first, alreadyAppended: true });
    expect(await raw(client, 's')).toHaveLength(3);
  });

  it('answers a repeat from another expected version (WrongExpectedVersion) as already appended', async () => {
    const { store, client } = adapterOverDouble();
    await store.appendToStream('s', [event('seed')], { expectedVersion: 'no_stream' });
    const first = await store.appendToStream('s', [event('a')], { expectedVersion: 0 });
    // The same command, decided on an older state: the server sees other events after revision -1.
    const again = await store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' });
    expect(again).toEqual({ ...first, alreadyAppended: true });
    expect(await raw(client, 's')).toHaveLength(2);
  });

  it("answers a repeat with 'any' as already appended (looked up before writing)", async () => {
    const { store, client } = adapterOverDouble();
    const first = await store.appendToStream('s', [event('a')], { expectedVersion: 'any' });
    await store.appendToStream('s', [event('b')], { expectedVersion: 'any' });
    expect(await store.appendToStream('s', [event('a')], { expectedVersion: 'any' })).toEqual({
      ...first,
      alreadyAppended: true,
    });
    expect(await raw(client, 's')).toHaveLength(2);
  });

  it('searches only streamScanLimit events back: an older command counts as a conflict', async () => {
    const { store } = adapterOverDouble({ streamScanLimit: 2 });
    await store.appendToStream('s', [event('old')], { expectedVersion: 'no_stream' });
    await store.appendToStream('s', [event('x')], { expectedVersion: 0 });
    await store.appendToStream('s', [event('y')], { expectedVersion: 1 });
    await expect(store.appendToStream('s', [event('old')], { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });

  it('refuses an append without events', async () => {
    const { store } = adapterOverDouble();
    await expect(store.appendToStream('s', [], { expectedVersion: 'any' })).rejects.toThrow(
      /at least one event/,
    );
  });

  it('says so when the server leaves the $all position out of stream reads (before 22.6)', async () => {
    const client = new InMemoryEventStoreDbClient();
    const readStream = client.readStream.bind(client);
    jest.spyOn(client, 'readStream').mockImplementation((name, options) => ({
      async *[Symbol.asyncIterator]() {
        for await (const r of readStream(name, options))
          yield { event: { ...r.event!, position: undefined } };
      },
    }));
    const { store } = adapterOverDouble({}, client);
    await expect(store.appendToStream('s', [event('a')], { expectedVersion: 'no_stream' })).rejects.toThrow(
      /without its \$all position/,
    );
  });
});

describe('EventStoreDbEventStore.connect', () => {
  it('builds the adapter on a real client without connecting before the first call', async () => {
    const store = EventStoreDbEventStore.connect('esdb://127.0.0.1:1?tls=false');
    expect(store.capabilities.atomicMultiStreamAppend).toBe(false);
    await store.close();
  });

  it('refuses a connection string that is not esdb://… at once', () => {
    expect(() => EventStoreDbEventStore.connect('postgres://localhost/crm')).toThrow(/esdb:\/\//);
  });
});
