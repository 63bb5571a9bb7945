import {
  UnavailableError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../port/errors';
import { adapterOverDouble, esdbTestEvent as event } from './esdb-test-fixtures';
import { InMemoryEventStoreDbClient } from './in-memory-esdb-client.double';

type Options = { expectedRevision: AppendExpectedRevision };

/** The double, with a hook that runs (once) just before an append to a given stream. */
class InterferingClient extends InMemoryEventStoreDbClient {
  readonly appendedStreams: string[] = [];
  private hook: { streamName: string; run: () => Promise<void> } | null = null;

  before(streamName: string, run: () => Promise<void>): void {
    this.hook = { streamName, run };
  }

  override async appendToStream(
    streamName: string,
    events: EventData[],
    options: Options,
  ): Promise<AppendResult> {
    if (this.hook?.streamName === streamName) {
      const { run } = this.hook;
      this.hook = null;
      await run();
    }
    this.appendedStreams.push(streamName);
    return super.appendToStream(streamName, events, options);
  }
}

const commands = async (store: ReturnType<typeof adapterOverDouble>['store'], ...streams: string[]) =>
  Promise.all(streams.map(async (s) => (await store.readStream(s)).map((e) => e.metadata.commandId)));

describe('EventStoreDbEventStore.appendMany (over the in-memory client double)', () => {
  it('says it is not atomic across streams', () => {
    expect(adapterOverDouble().store.capabilities).toEqual({ atomicMultiStreamAppend: false });
  });

  it('checks every stream before writing any: a stale last stream stops the batch before its first', async () => {
    const client = new InterferingClient();
    const { store } = adapterOverDouble({}, client);
    await store.appendToStream('c', [event('c-0')], { expectedVersion: 'no_stream' });
    client.appendedStreams.length = 0;
    await expect(
      store.appendMany([
        { streamId: 'a', events: [event('a-0')], expectedVersion: 'no_stream' },
        { streamId: 'b', events: [event('b-0')], expectedVersion: 'no_stream' },
        { streamId: 'c', events: [event('c-1')], expectedVersion: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: 'c', actualVersion: 0 });
    expect(client.appendedStreams).toEqual([]);
  });

  it('appends the streams one after the other, in batch order', async () => {
    const client = new InterferingClient();
    const { store } = adapterOverDouble({}, client);
    const results = await store.appendMany([
      { streamId: 'b', events: [event('b-0')], expectedVersion: 'no_stream' },
      { streamId: 'a', events: [event('a-0'), event('a-1')], expectedVersion: 'no_stream' },
    ]);
    expect(client.appendedStreams).toEqual(['b', 'a']);
    expect(results.map((r) => [r.streamId, r.streamVersion])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(store.comparePositions(results[0]!.logPosition, results[1]!.logPosition)).toBeLessThan(0);
  });

  it('leaves the streams before a stream changed meanwhile appended (not atomic), and a resend never doubles them', async () => {
    const client = new InterferingClient();
    const { store } = adapterOverDouble({}, client);
    const batch = (bExpects: 'no_stream' | number) => [
      { streamId: 'a', events: [event('a-0')], expectedVersion: 'no_stream' as const },
      { streamId: 'b', events: [event('b-0')], expectedVersion: bExpects },
    ];
    // A competing writer appends to b after the batch was checked, before b's turn.
    client.before('b', async () => {
      await store.appendToStream('b', [event('other')], { expectedVersion: 'no_stream' });
    });
    const failed = store.appendMany(batch('no_stream'));
    await expect(failed).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(failed).rejects.toMatchObject({ streamId: 'b', actualVersion: 0 });
    expect(await commands(store, 'a', 'b')).toEqual([['a-0'], ['other']]);

    const resent = await store.appendMany(batch(0));
    expect(resent.map((r) => [r.streamId, r.streamVersion, r.alreadyAppended])).toEqual([
      ['a', 0, true],
      ['b', 1, false],
    ]);
    expect(await commands(store, 'a', 'b')).toEqual([['a-0'], ['other', 'b-0']]);
  });

  it('finishes a batch cut off by a lost connection when it is sent again', async () => {
    const client = new InterferingClient();
    const { store } = adapterOverDouble({}, client);
    const batch = () => [
      { streamId: 'a', events: [event('a-0')], expectedVersion: 'no_stream' as const },
      { streamId: 'b', events: [event('b-0')], expectedVersion: 'no_stream' as const },
    ];
    const lost = new UnavailableError();
    client.before('b', async () => {
      throw lost;
    });
    await expect(store.appendMany(batch())).rejects.toBe(lost);
    expect(await commands(store, 'a', 'b')).toEqual([['a-0'], []]);
    const resent = await store.appendMany(batch());
    expect(resent.map((r) => r.alreadyAppended)).toEqual([true, false]);
    expect(await commands(store, 'a', 'b')).toEqual([['a-0'], ['b-0']]);
  });
});
