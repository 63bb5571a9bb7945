import type { ReadableOptions } from 'node:stream';
import type { Filter, ReadPosition } from '@eventstore/db-client';
import type { LogEvent } from '../port/event-store';
import type { EsdbAllSubscription } from './esdb-client';
import { adapterOverDouble, esdbTestEvent as event } from './esdb-test-fixtures';
import { InMemoryEventStoreDbClient } from './in-memory-esdb-client.double';

const waitFor = async (condition: () => boolean, timeoutMs = 2000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** The double, keeping the subscriptions it hands out and the options they were asked with. */
class WatchedClient extends InMemoryEventStoreDbClient {
  readonly handedOut: Array<{ subscription: EsdbAllSubscription; filter?: Filter; highWaterMark?: number }> =
    [];

  override subscribeToAll(
    options: { fromPosition?: ReadPosition; filter?: Filter } = {},
    readableOptions: ReadableOptions = {},
  ): EsdbAllSubscription {
    const subscription = super.subscribeToAll(options, readableOptions);
    this.handedOut.push({
      subscription,
      filter: options.filter,
      highWaterMark: readableOptions.highWaterMark,
    });
    return subscription;
  }
}

const ids = (events: LogEvent[]) => events.map((e) => e.metadata.commandId);

describe('EventStoreDbEventStore.subscribeToAll (over the in-memory client double)', () => {
  it('delivers past events, then live ones, never system events', async () => {
    const client = new WatchedClient();
    const { store } = adapterOverDouble({}, client);
    await store.appendToStream('s', [event('past')], { expectedVersion: 'no_stream' });
    const received: LogEvent[] = [];
    const sub = store.subscribeToAll({ from: null, onBatch: async (b) => void received.push(...b) });
    client.appendSystemEvent('$$s', '$metadata');
    await store.appendToStream('s', [event('live')], { expectedVersion: 0 });
    await waitFor(() => received.length >= 2);
    await sub.stop();
    expect(ids(received)).toEqual(['past', 'live']);
    expect(client.handedOut[0]!.filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });

  it('continues after the position it is given, not at it', async () => {
    const { store } = adapterOverDouble();
    for (let i = 0; i < 3; i++) {
      await store.appendToStream('s', [event(`e${i}`)], { expectedVersion: i === 0 ? 'no_stream' : i - 1 });
    }
    const [, second] = await store.readAll(null, 3);
    const received: LogEvent[] = [];
    const sub = store.subscribeToAll({
      from: second!.logPosition,
      onBatch: async (b) => void received.push(...b),
    });
    await waitFor(() => received.length >= 1);
    await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(ids(received)).toEqual(['e2']);
  });

  it('hands over batches of at most batchSize in log order, pausing the server while one is handled', async () => {
    const client = new WatchedClient();
    const { store } = adapterOverDouble({}, client);
    for (let i = 0; i < 23; i++)
      await store.appendToStream(`s${i}`, [event(`e${i}`)], { expectedVersion: 'any' });
    const batches: LogEvent[][] = [];
    const sub = store.subscribeToAll({
      from: null,
      batchSize: 5,
      onBatch: async (b) => {
        batches.push(b);
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    const pause = jest.spyOn(client.handedOut[0]!.subscription, 'pause');
    await waitFor(() => batches.flat().length >= 23);
    await sub.stop();
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(5);
    expect(ids(batches.flat())).toEqual(Array.from({ length: 23 }, (_, i) => `e${i}`));
    expect(pause).toHaveBeenCalled();
    expect(client.handedOut[0]!.highWaterMark).toBe(5);
  });

  it('stops after the batch in progress and unsubscribes', async () => {
    const { store, client } = adapterOverDouble();
    await store.appendToStream('s', [event('first')], { expectedVersion: 'no_stream' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const received: LogEvent[] = [];
    const sub = store.subscribeToAll({
      from: null,
      onBatch: async (b) => {
        received.push(...b);
        await gate;
      },
    });
    await waitFor(() => received.length === 1);
    await store.appendToStream('s', [event('second')], { expectedVersion: 0 });
    let stopped = false;
    const stopping = sub.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await expect(sub.done).resolves.toBeUndefined();
    expect(ids(received)).toEqual(['first']);
    expect(client.liveSubscriptions).toBe(0);
  });

  it('fails `done` when the connection breaks', async () => {
    const { store, client } = adapterOverDouble();
    const sub = store.subscribeToAll({ from: null, onBatch: async () => undefined });
    client.failSubscriptions(new Error('connection lost'));
    await expect(sub.done).rejects.toThrow('connection lost');
  });

  it('fails `done` with the error of a failing batch handler, and unsubscribes', async () => {
    const { store, client } = adapterOverDouble();
    await store.appendToStream('s', [event('boom')], { expectedVersion: 'no_stream' });
    const sub = store.subscribeToAll({
      from: null,
      onBatch: async () => {
        throw new Error('projection failed');
      },
    });
    await expect(sub.done).rejects.toThrow('projection failed');
    expect(client.liveSubscriptions).toBe(0);
  });

  it('starts after the origin when asked from the beginning', async () => {
    const { store, client } = adapterOverDouble();
    await store.appendToStream('old', [event('old')], { expectedVersion: 'no_stream' });
    const [old] = await store.readAll(null, 1);
    const { store: fresh } = adapterOverDouble({ origin: old!.logPosition }, client);
    await fresh.appendToStream('new', [event('new')], { expectedVersion: 'no_stream' });
    const received: LogEvent[] = [];
    const sub = fresh.subscribeToAll({ from: null, onBatch: async (b) => void received.push(...b) });
    await waitFor(() => received.length >= 1);
    await sub.stop();
    expect(ids(received)).toEqual(['new']);
  });

  it('is stopped by close(), which then disposes the client', async () => {
    const { store, client } = adapterOverDouble();
    const sub = store.subscribeToAll({ from: null, onBatch: async () => undefined });
    await store.close();
    await expect(sub.done).resolves.toBeUndefined();
    expect(client.liveSubscriptions).toBe(0);
    await expect(store.readAll(null, 1)).rejects.toThrow(/after dispose/);
  });
});
