import { ANY, jsonEvent } from '@eventstore/db-client';
import { adapterOverDouble, esdbTestEvent as event } from './esdb-test-fixtures';

describe('EventStoreDbEventStore reads (over the in-memory client double)', () => {
  describe('readStream', () => {
    const times = ['2026-03-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'];
    const setUp = async () => {
      const { store } = adapterOverDouble();
      await store.appendToStream(
        's',
        times.map((t, i) => event(`c${i}`, 0, t)),
        { expectedVersion: 'no_stream' },
      );
      return store;
    };
    const versions = (events: Array<{ streamVersion: number }>) => events.map((e) => e.streamVersion);

    it('reads from and to a version, both inclusive', async () => {
      const store = await setUp();
      expect(versions(await store.readStream('s', { fromVersion: 1 }))).toEqual([1, 2]);
      expect(versions(await store.readStream('s', { toVersion: 1 }))).toEqual([0, 1]);
      expect(versions(await store.readStream('s', { fromVersion: 1, toVersion: 1 }))).toEqual([1]);
      expect(versions(await store.readStream('s', { fromVersion: 2, toVersion: 1 }))).toEqual([]);
      expect(versions(await store.readStream('s', { fromVersion: 7 }))).toEqual([]);
    });

    it('keeps the events whose business time is at or before untilTime, even out of version order', async () => {
      const store = await setUp();
      const until = await store.readStream('s', { untilTime: new Date('2026-02-01T00:00:00.000Z') });
      expect(versions(until)).toEqual([1, 2]);
      const ranged = await store.readStream('s', {
        toVersion: 1,
        untilTime: new Date('2026-02-15T00:00:00Z'),
      });
      expect(versions(ranged)).toEqual([1]);
    });

    it('reads a stream without events as empty (StreamNotFoundError)', async () => {
      const { store } = adapterOverDouble();
      expect(await store.readStream('nothing')).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('leaves system events out, also the ones between business events', async () => {
      const { store, client } = adapterOverDouble();
      await store.appendToStream('a', [event('a')], { expectedVersion: 'no_stream' });
      client.appendSystemEvent('$$a', '$metadata', { $maxCount: 10 });
      await store.appendToStream('b', [event('b')], { expectedVersion: 'no_stream' });
      const log = await store.readAll(null, 10);
      expect(log.map((e) => e.metadata.commandId)).toEqual(['a', 'b']);
    });

    it("leaves out other applications' events (no metadata of this system)", async () => {
      const { store, client } = adapterOverDouble();
      await client.appendToStream('foreign', [jsonEvent({ type: 'SomethingElse', data: { x: 1 } })], {
        expectedRevision: ANY,
      });
      await store.appendToStream('a', [event('a')], { expectedVersion: 'no_stream' });
      expect((await store.readAll(null, 10)).map((e) => e.metadata.commandId)).toEqual(['a']);
      expect(await store.readStream('foreign')).toEqual([]);
    });

    it('fills a page past more system events than a read returns at once', async () => {
      const { store, client } = adapterOverDouble();
      await store.appendToStream('a', [event('a')], { expectedVersion: 'no_stream' });
      for (let i = 0; i < 150; i++) client.appendSystemEvent(`$stats-${i}`, '$statsCollected');
      await store.appendToStream('b', [event('b')], { expectedVersion: 'no_stream' });
      await store.appendToStream('c', [event('c')], { expectedVersion: 'no_stream' });
      const [first] = await store.readAll(null, 1);
      const next = await store.readAll(first!.logPosition, 2);
      expect(next.map((e) => e.metadata.commandId)).toEqual(['b', 'c']);
    });

    it('reads after a position (exclusive), in order, with positions "commit/prepare"', async () => {
      const { store } = adapterOverDouble();
      for (let i = 0; i < 4; i++) {
        await store.appendToStream('s', [event(`p${i}`)], { expectedVersion: i === 0 ? 'no_stream' : i - 1 });
      }
      const all = await store.readAll(null, 10);
      expect(all.map((e) => e.metadata.commandId)).toEqual(['p0', 'p1', 'p2', 'p3']);
      for (const e of all) {
        expect(e.logPosition).toMatch(/^\d+\/\d+$/);
        expect(e.globalPosition).toBe(e.logPosition.split('/')[0]);
      }
      const after = await store.readAll(all[1]!.logPosition, 10);
      expect(after.map((e) => e.metadata.commandId)).toEqual(['p2', 'p3']);
      expect(await store.readAll(all[3]!.logPosition, 10)).toEqual([]);
    });

    it('orders positions numerically across a change in the number of digits', async () => {
      const { store } = adapterOverDouble();
      for (let i = 0; i < 10; i++)
        await store.appendToStream(`s${i}`, [event(`n${i}`)], { expectedVersion: 'any' });
      const positions = (await store.readAll(null, 10)).map((e) => e.logPosition);
      expect(positions.some((p) => p.length !== positions[0]!.length)).toBe(true);
      for (let i = 1; i < positions.length; i++) {
        expect(store.comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
        expect(store.comparePositions(positions[i]!, positions[i - 1]!)).toBeGreaterThan(0);
      }
    });

    it('sees nothing at or before its origin (the test hook for a shared server)', async () => {
      const { store, client } = adapterOverDouble();
      await store.appendToStream('old', [event('old')], { expectedVersion: 'no_stream' });
      const [old] = await store.readAll(null, 1);
      const { store: fresh } = adapterOverDouble({ origin: old!.logPosition }, client);
      await fresh.appendToStream('new', [event('new')], { expectedVersion: 'no_stream' });
      expect((await fresh.readAll(null, 10)).map((e) => e.metadata.commandId)).toEqual(['new']);
      expect(await fresh.findAppendedCommand('old')).toBeNull();
      expect(await fresh.findAppendedCommand('old', 'old')).not.toBeNull();
    });
  });

  describe('findAppendedCommand', () => {
    it('finds a command in the stream it is told, with the position of its last event', async () => {
      const { store } = adapterOverDouble();
      const result = await store.appendToStream('s', [event('cmd', 0), event('cmd', 1)], {
        expectedVersion: 'no_stream',
      });
      await store.appendToStream('s', [event('later')], { expectedVersion: 1 });
      expect(await store.findAppendedCommand('cmd', 's')).toEqual({
        ...result,
        alreadyAppended: true,
        streamId: 's',
      });
      expect(await store.findAppendedCommand('cmd', 'other-stream')).toBeNull();
      expect(await store.findAppendedCommand('never', 's')).toBeNull();
    });

    it('searches the end of $all when it is not told the stream, up to logScanLimit records', async () => {
      const { store } = adapterOverDouble({ logScanLimit: 3 });
      await store.appendToStream('s', [event('first')], { expectedVersion: 'no_stream' });
      expect(await store.findAppendedCommand('first')).toMatchObject({ streamId: 's', streamVersion: 0 });
      for (let i = 0; i < 3; i++)
        await store.appendToStream(`t${i}`, [event(`t${i}`)], { expectedVersion: 'any' });
      expect(await store.findAppendedCommand('first')).toBeNull();
      expect(await store.findAppendedCommand('first', 's')).toMatchObject({
        streamId: 's',
        streamVersion: 0,
      });
    });

    it('stops at the next command of the same append (one appendMany entry, two commands)', async () => {
      const { store } = adapterOverDouble();
      await store.appendToStream('s', [event('one', 0), event('one', 1), event('two', 0)], {
        expectedVersion: 'no_stream',
      });
      expect(await store.findAppendedCommand('one', 's')).toMatchObject({ streamVersion: 1 });
      expect(await store.findAppendedCommand('two')).toMatchObject({ streamVersion: 2 });
    });
  });
});
