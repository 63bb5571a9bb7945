import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  eventIdFor,
  type EventStore,
  type EventToAppend,
  type LogEvent,
} from '@crm/event-store';
import { describeBatchAppendContract } from './event-store-batch-contract';

export interface SlowAppend {
  /** Commits the held-open transaction. */
  commit(): Promise<void>;
}

export interface EventStoreHarness {
  store: EventStore;
  /**
   * Starts appending `event` to `streamId` in a transaction that takes its global position now and
   * stays open until `commit()`. Adapters that cannot interleave commits this way leave it out, and
   * the late-commit test says it was skipped.
   */
  beginSlowAppend?(streamId: string, event: EventToAppend): Promise<SlowAppend>;
  /** What the adapter guarantees beyond the port's minimum (default: everything). */
  capabilities?: { atomicMultiStreamAppend?: boolean };
  dispose(): Promise<void>;
}

/** Builds the n-th event of a command, with every metadata field the domain requires. */
export const testEvent = (
  commandId: string,
  index = 0,
  type = 'TestHappened',
  data: Record<string, unknown> = {},
  occurredAt = '2026-01-15T10:00:00.000Z',
): EventToAppend => ({
  type,
  data: { index, ...data },
  metadata: {
    eventId: eventIdFor(commandId, index),
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { userId: 'contract-suite', role: 'system' },
    occurredAt,
    recordedAt: '2026-01-15T10:00:01.000Z',
    schemaVersion: 1,
  },
});

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The contract every event-store adapter passes. Call it from an integration spec with a factory
 * that gives a fresh, empty store per test.
 */
export function describeEventStoreContract(
  adapterName: string,
  createHarness: () => Promise<EventStoreHarness>,
): void {
  describe(`event store contract: ${adapterName}`, () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    const stream = () => `contract-${randomUUID()}`;

    beforeEach(async () => {
      harness = await createHarness();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('appends to a new stream and reads it back in version order', async () => {
      const s = stream();
      const result = await store.appendToStream(s, [testEvent('c1', 0), testEvent('c1', 1)], {
        expectedVersion: 'no_stream',
      });
      expect(result.streamVersion).toBe(1);
      expect(result.alreadyAppended).toBe(false);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.streamVersion, (e.data as { index: number }).index])).toEqual([
        [0, 0],
        [1, 1],
      ]);
      expect(events[0]!.metadata.commandId).toBe('c1');
      expect(events[1]!.globalPosition).toBe(result.globalPosition);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads a stream between versions and up to a business time', async () => {
      const s = stream();
      await store.appendToStream(
        s,
        [
          testEvent('t', 0, 'TestHappened', {}, '2026-01-01T00:00:00.000Z'),
          testEvent('t', 1, 'TestHappened', {}, '2026-02-01T00:00:00.000Z'),
          testEvent('t', 2, 'TestHappened', {}, '2026-03-01T00:00:00.000Z'),
        ],
        { expectedVersion: 'no_stream' },
      );
      expect((await store.readStream(s, { fromVersion: 1 })).map((e) => e.streamVersion)).toEqual([1, 2]);
      expect((await store.readStream(s, { toVersion: 1 })).map((e) => e.streamVersion)).toEqual([0, 1]);
      const until = await store.readStream(s, { untilTime: new Date('2026-02-01T00:00:00.000Z') });
      expect(until.map((e) => e.streamVersion)).toEqual([0, 1]);
    });

    it('rejects an append whose expected version is stale, with a typed error', async () => {
      const s = stream();
      await store.appendToStream(s, [testEvent('a', 0)], { expectedVersion: 'no_stream' });
      await expect(
        store.appendToStream(s, [testEvent('b', 0)], { expectedVersion: 'no_stream' }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(
        store.appendToStream(s, [testEvent('c', 0)], { expectedVersion: 5 }),
      ).rejects.toMatchObject({
        streamId: s,
        expectedVersion: 5,
        actualVersion: 0,
      });
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('lets exactly one of 20 concurrent appends with the same expected version win', async () => {
      const s = stream();
      await store.appendToStream(s, [testEvent('seed', 0)], { expectedVersion: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.appendToStream(s, [testEvent(`racer-${i}`, 0)], { expectedVersion: 0 }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const o of lost) expect(o.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('appends nothing for a repeated command and returns the first result', async () => {
      const s = stream();
      const first = await store.appendToStream(s, [testEvent('once', 0), testEvent('once', 1)], {
        expectedVersion: 'no_stream',
      });
      const again = await store.appendToStream(s, [testEvent('once', 0), testEvent('once', 1)], {
        expectedVersion: 'no_stream',
      });
      expect(again).toEqual({ ...first, alreadyAppended: true });
      expect(await store.readStream(s)).toHaveLength(2);
      expect(await store.findAppendedCommand('once')).toEqual({
        ...first,
        alreadyAppended: true,
        streamId: s,
      });
      expect(await store.findAppendedCommand('never-sent')).toBeNull();
    });

    it('appends a command sent 10 times concurrently exactly once', async () => {
      const s = stream();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store.appendToStream(s, [testEvent('dup', 0)], { expectedVersion: 'no_stream' }),
        ),
      );
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      expect(fulfilled.length).toBeGreaterThanOrEqual(1);
      expect(await store.readStream(s)).toHaveLength(1);
      const found = await store.findAppendedCommand('dup');
      expect(found?.streamVersion).toBe(0);
    });

    it('reads the global log in pages after a position', async () => {
      const s = stream();
      for (let i = 0; i < 5; i++) {
        await store.appendToStream(s, [testEvent(`page-${i}`, 0)], {
          expectedVersion: i === 0 ? 'no_stream' : i - 1,
        });
      }
      const page1 = await store.readAll(null, 3);
      const page2 = await store.readAll(page1[page1.length - 1]!.logPosition, 3);
      const ids = [...page1, ...page2].filter((e) => e.streamId === s).map((e) => e.metadata.commandId);
      expect(ids).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
      const positions = [...page1, ...page2].map((e) => e.logPosition);
      for (let i = 1; i < positions.length; i++) {
        expect(store.comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
      }
    });

    it('delivers past and live events to a subscriber, in order, once each', async () => {
      const s = stream();
      await store.appendToStream(s, [testEvent('past', 0)], { expectedVersion: 'no_stream' });
      const received: LogEvent[] = [];
      const sub = store.subscribeToAll({
        from: null,
        onBatch: async (batch) => {
          received.push(...batch);
        },
      });
      await store.appendToStream(s, [testEvent('live-1', 0)], { expectedVersion: 0 });
      await store.appendToStream(s, [testEvent('live-2', 0)], { expectedVersion: 1 });
      await waitFor(() => received.filter((e) => e.streamId === s).length >= 3, 5000);
      await sub.stop();
      expect(received.filter((e) => e.streamId === s).map((e) => e.metadata.commandId)).toEqual([
        'past',
        'live-1',
        'live-2',
      ]);
    });

    it('resumes a subscription after the position it was given', async () => {
      const s = stream();
      const first = await store.appendToStream(s, [testEvent('r0', 0)], { expectedVersion: 'no_stream' });
      await store.appendToStream(s, [testEvent('r1', 0)], { expectedVersion: 0 });
      const received: LogEvent[] = [];
      const sub = store.subscribeToAll({
        from: first.logPosition,
        onBatch: async (b) => void received.push(...b),
      });
      await waitFor(() => received.some((e) => e.metadata.commandId === 'r1'), 5000);
      await sub.stop();
      expect(received.map((e) => e.metadata.commandId)).toEqual(['r1']);
    });

    describeBatchAppendContract({
      store: () => store,
      stream,
      event: testEvent,
      adapterName,
      atomic: () => harness.capabilities?.atomicMultiStreamAppend !== false,
    });

    it('never lets a subscriber skip an event whose transaction commits after a later one', async () => {
      if (!harness.beginSlowAppend) {
        console.warn(`skipped for ${adapterName}: the adapter cannot hold an append open`);
        return;
      }
      const received: LogEvent[] = [];
      const sub = store.subscribeToAll({ from: null, onBatch: async (b) => void received.push(...b) });
      // Takes the lower position and stays open.
      const slow = await harness.beginSlowAppend(stream(), testEvent('early-but-slow', 0));
      // Takes a higher position and commits first.
      await store.appendToStream(stream(), [testEvent('late-but-fast', 0)], { expectedVersion: 'no_stream' });
      await sleep(400); // several polling rounds of the subscriber while the first transaction is open
      await slow.commit();
      await waitFor(() => received.length >= 2, 3000);
      await sub.stop();
      const order = (await store.readAll(null, 100)).map((e) => e.metadata.commandId);
      expect(received.map((e) => e.metadata.commandId)).toEqual(order);
      expect(order.sort()).toEqual(['early-but-slow', 'late-but-fast']);
    });
  });
}
