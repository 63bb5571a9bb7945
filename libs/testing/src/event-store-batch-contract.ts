import {
  ConcurrencyError,
  PartiallyAppendedError,
  type EventStore,
  type EventToAppend,
  type LogEvent,
} from '@crm/event-store';

export interface BatchContractContext {
  /** The store of the current test (fresh and empty). */
  store(): EventStore;
  /** A new, unused stream id. */
  stream(): string;
  /** Builds the n-th event of a command (the suite's `testEvent`). */
  event(commandId: string, index?: number): EventToAppend;
  adapterName: string;
  /** False for adapters whose appendMany is not one transaction across streams (EventStoreDB). */
  atomic(): boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return;
    await sleep(20);
  }
};

/**
 * The batch-append part of the event-store contract (`appendMany`): all or nothing across streams,
 * per-stream optimistic concurrency, idempotent per stream. Runs inside describeEventStoreContract.
 */
export function describeBatchAppendContract({
  store: current,
  stream,
  event: testEvent,
  adapterName,
  atomic,
}: BatchContractContext): void {
  describe('batch append (appendMany)', () => {
    let store: EventStore;
    beforeEach(() => {
      store = current();
    });

    const versions = async (...streams: string[]) =>
      Promise.all(streams.map(async (s) => (await store.readStream(s)).map((e) => e.metadata.commandId)));

    it('appends to many streams at once, each from its expected version, in batch order', async () => {
      const [a, b] = [stream(), stream()];
      await store.appendToStream(b, [testEvent('b-old', 0)], { expectedVersion: 'no_stream' });
      const results = await store.appendMany([
        { streamId: a, events: [testEvent('a-1', 0), testEvent('a-2', 0)], expectedVersion: 'no_stream' },
        { streamId: b, events: [testEvent('b-new', 0)], expectedVersion: 0 },
      ]);
      expect(results.map((r) => [r.streamId, r.streamVersion, r.alreadyAppended])).toEqual([
        [a, 1, false],
        [b, 1, false],
      ]);
      expect(await versions(a, b)).toEqual([
        ['a-1', 'a-2'],
        ['b-old', 'b-new'],
      ]);
      const log = (await store.readAll(null, 100)).map((e) => e.metadata.commandId);
      expect(log).toEqual(['b-old', 'a-1', 'a-2', 'b-new']);
      expect(store.comparePositions(results[0]!.logPosition, results[1]!.logPosition)).toBeLessThan(0);
      const last = (await store.readStream(b)).at(-1)!;
      expect(results[1]!.globalPosition).toBe(last.globalPosition);
    });

    it('answers an empty batch with no results and appends nothing', async () => {
      expect(await store.appendMany([])).toEqual([]);
      expect(await store.readAll(null, 10)).toEqual([]);
    });

    it('fails the whole batch with a ConcurrencyError when one stream is stale, and appends nothing', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      await store.appendToStream(b, [testEvent('b-0', 0)], { expectedVersion: 'no_stream' });
      await store.appendToStream(b, [testEvent('b-1', 0)], { expectedVersion: 0 });
      const attempt = store.appendMany([
        { streamId: a, events: [testEvent('a-0', 0)], expectedVersion: 'no_stream' },
        { streamId: b, events: [testEvent('b-2', 0)], expectedVersion: 0 },
        { streamId: c, events: [testEvent('c-0', 0)], expectedVersion: 'no_stream' },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(attempt).rejects.toMatchObject({ streamId: b, expectedVersion: 0, actualVersion: 1 });
      expect(await versions(a, b, c)).toEqual([[], ['b-0', 'b-1'], []]);
      expect(await store.findAppendedCommand('a-0')).toBeNull();
    });

    it('refuses a batch expecting a new stream that exists, appending nothing', async () => {
      const [a, b] = [stream(), stream()];
      await store.appendToStream(b, [testEvent('b-0', 0)], { expectedVersion: 'no_stream' });
      await expect(
        store.appendMany([
          { streamId: a, events: [testEvent('a-0', 0)], expectedVersion: 'no_stream' },
          { streamId: b, events: [testEvent('b-1', 0)], expectedVersion: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: b, actualVersion: 0 });
      expect(await versions(a, b)).toEqual([[], ['b-0']]);
    });

    it('appends nothing for a repeated batch and says so for each stream', async () => {
      const [a, b] = [stream(), stream()];
      const batch = () => [
        {
          streamId: a,
          events: [testEvent('ra', 0), testEvent('ra', 1)],
          expectedVersion: 'no_stream' as const,
        },
        { streamId: b, events: [testEvent('rb', 0)], expectedVersion: 'no_stream' as const },
      ];
      const first = await store.appendMany(batch());
      const again = await store.appendMany(batch());
      expect(again).toEqual(first.map((r) => ({ ...r, alreadyAppended: true })));
      expect(await versions(a, b)).toEqual([['ra', 'ra'], ['rb']]);
    });

    it('appends only the streams whose events are new when a batch repeats some of them', async () => {
      const [a, b] = [stream(), stream()];
      const first = await store.appendMany([
        { streamId: a, events: [testEvent('sa', 0)], expectedVersion: 'no_stream' },
      ]);
      const mixed = await store.appendMany([
        // Stored already: the stale expected version is not checked, nothing is appended.
        { streamId: a, events: [testEvent('sa', 0)], expectedVersion: 'no_stream' },
        { streamId: b, events: [testEvent('sb', 0)], expectedVersion: 'no_stream' },
      ]);
      expect(mixed[0]).toEqual({ ...first[0], alreadyAppended: true });
      expect(mixed[1]).toMatchObject({ streamId: b, streamVersion: 0, alreadyAppended: false });
      expect(await versions(a, b)).toEqual([['sa'], ['sb']]);
    });

    it('refuses a stream whose events are only partly stored, appending nothing of the batch', async () => {
      const [a, b] = [stream(), stream()];
      await store.appendToStream(a, [testEvent('pa', 0)], { expectedVersion: 'no_stream' });
      await expect(
        store.appendMany([
          { streamId: b, events: [testEvent('pb', 0)], expectedVersion: 'no_stream' },
          { streamId: a, events: [testEvent('pa', 0), testEvent('pa-new', 0)], expectedVersion: 0 },
        ]),
      ).rejects.toBeInstanceOf(PartiallyAppendedError);
      expect(await versions(a, b)).toEqual([['pa'], []]);
    });

    it('refuses a batch naming a stream twice or a stream without events', async () => {
      const s = stream();
      await expect(
        store.appendMany([
          { streamId: s, events: [testEvent('t1', 0)], expectedVersion: 'no_stream' },
          { streamId: s, events: [testEvent('t2', 0)], expectedVersion: 'any' },
        ]),
      ).rejects.toThrow(/twice/);
      await expect(store.appendMany([{ streamId: s, events: [], expectedVersion: 'any' }])).rejects.toThrow(
        /no events/,
      );
      expect(await store.readStream(s)).toEqual([]);
    });

    it('finds each command of a batch by its id, with the position of its own last event', async () => {
      const s = stream();
      const [result] = await store.appendMany([
        {
          streamId: s,
          events: [testEvent('cmd-1', 0), testEvent('cmd-1', 1), testEvent('cmd-2', 0)],
          expectedVersion: 'no_stream',
        },
      ]);
      const events = await store.readStream(s);
      expect(await store.findAppendedCommand('cmd-1')).toMatchObject({
        streamId: s,
        streamVersion: 1,
        globalPosition: events[1]!.globalPosition,
        alreadyAppended: true,
      });
      expect(await store.findAppendedCommand('cmd-2')).toMatchObject({
        streamVersion: 2,
        globalPosition: result!.globalPosition,
      });
    });

    it('lets exactly one of 10 concurrent batches expecting the same version of a stream win', async () => {
      const shared = stream();
      await store.appendToStream(shared, [testEvent('seed', 0)], { expectedVersion: 'no_stream' });
      const own = Array.from({ length: 10 }, () => stream());
      const outcomes = await Promise.allSettled(
        own.map((s, i) =>
          store.appendMany([
            { streamId: s, events: [testEvent(`own-${i}`, 0)], expectedVersion: 'no_stream' },
            { streamId: shared, events: [testEvent(`shared-${i}`, 0)], expectedVersion: 0 },
          ]),
        ),
      );
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of lost) expect(o.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(shared)).toHaveLength(2);
      const written = await versions(...own);
      if (atomic()) expect(written.filter((events) => events.length > 0)).toHaveLength(1);
      else
        console.warn(
          `${adapterName}: appendMany is not atomic across streams; the losers' other streams may be written`,
        );
    });

    it('appends a batch sent 5 times concurrently exactly once', async () => {
      const [a, b] = [stream(), stream()];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          store.appendMany([
            { streamId: a, events: [testEvent('twin-a', 0)], expectedVersion: 'no_stream' },
            { streamId: b, events: [testEvent('twin-b', 0)], expectedVersion: 'no_stream' },
          ]),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      expect(await versions(a, b)).toEqual([['twin-a'], ['twin-b']]);
    });

    it('wakes a live subscriber with the events of a batch, in batch order', async () => {
      const [a, b] = [stream(), stream()];
      const received: LogEvent[] = [];
      const sub = store.subscribeToAll({
        from: null,
        onBatch: async (batch) => void received.push(...batch),
      });
      await sleep(100);
      await store.appendMany([
        { streamId: a, events: [testEvent('live-a', 0)], expectedVersion: 'no_stream' },
        { streamId: b, events: [testEvent('live-b', 0)], expectedVersion: 'no_stream' },
      ]);
      await waitFor(() => received.length >= 2, 5000);
      await sub.stop();
      expect(received.map((e) => e.metadata.commandId)).toEqual(['live-a', 'live-b']);
    });
  });
}
