import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type EventData,
} from '@eventstore/db-client';
import type { EsdbRecordedEvent, EsdbResolvedEvent } from './esdb-client';
import { compareEsdbPositionValues } from './esdb-position';
import { InMemoryEventStoreDbClient } from './in-memory-esdb-client.double';

const event = (id = randomUUID(), type = 'Happened'): EventData => jsonEvent({ id, type, data: { id } });

const all = async (read: AsyncIterable<EsdbResolvedEvent>): Promise<EsdbRecordedEvent[]> => {
  const events: EsdbRecordedEvent[] = [];
  for await (const r of read) if (r.event) events.push(r.event);
  return events;
};

const tick = () => new Promise((r) => setImmediate(r));

// The double stands in for the server in the adapter's unit tests: these pin down the server
// behaviour it copies, so that a change to it that the adapter would not survive on a server shows.
describe('InMemoryEventStoreDbClient (test double of the EventStoreDB client)', () => {
  let client: InMemoryEventStoreDbClient;
  beforeEach(() => {
    client = new InMemoryEventStoreDbClient();
  });

  it('numbers stream revisions from 0 and answers the next expected revision', async () => {
    const first = await client.appendToStream('s', [event(), event()], { expectedRevision: NO_STREAM });
    const second = await client.appendToStream('s', [event()], { expectedRevision: 1n });
    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([1n, 2n]);
    expect((await all(client.readStream('s', {}))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it("fails a stale expected revision with the client package's WrongExpectedVersionError", async () => {
    await client.appendToStream('s', [event()], { expectedRevision: NO_STREAM });
    const failure = client.appendToStream('s', [event()], { expectedRevision: 5n });
    await expect(failure).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(failure).rejects.toMatchObject({ streamName: 's', expectedVersion: 5n, actualVersion: 0n });
    await expect(client.appendToStream('new', [event()], { expectedRevision: 0n })).rejects.toMatchObject({
      actualVersion: 'no_stream',
    });
  });

  it('accepts a repeat of an append with the same expected revision without writing it again', async () => {
    const ids = [randomUUID(), randomUUID()];
    const first = await client.appendToStream(
      's',
      ids.map((id) => event(id)),
      { expectedRevision: NO_STREAM },
    );
    await client.appendToStream('s', [event()], { expectedRevision: 1n });
    const again = await client.appendToStream(
      's',
      ids.map((id) => event(id)),
      { expectedRevision: NO_STREAM },
    );
    expect(again).toEqual(first);
    expect(await all(client.readStream('s', {}))).toHaveLength(3);
  });

  it('writes the same event ids again when the expected revision is the current one (no dedup there)', async () => {
    const id = randomUUID();
    await client.appendToStream('s', [event(id)], { expectedRevision: NO_STREAM });
    await client.appendToStream('s', [event(id)], { expectedRevision: 0n });
    expect((await all(client.readStream('s', {}))).map((e) => e.id)).toEqual([id, id]);
  });

  it('refuses a repeat whose event ids only partly match what follows its expected revision', async () => {
    const id = randomUUID();
    await client.appendToStream('s', [event(id)], { expectedRevision: NO_STREAM });
    await expect(
      client.appendToStream('s', [event(id), event()], { expectedRevision: NO_STREAM }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('recognises a repeat with ANY by the event ids found in the stream', async () => {
    const id = randomUUID();
    await client.appendToStream('s', [event(id)], { expectedRevision: ANY });
    await client.appendToStream('s', [event(id)], { expectedRevision: ANY });
    expect(await all(client.readStream('s', {}))).toHaveLength(1);
  });

  it("fails a read of a stream without events with the package's StreamNotFoundError", async () => {
    await expect(all(client.readStream('nothing', {}))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('gives every record a growing $all position, soon past 999 → 1000', async () => {
    for (let i = 0; i < 10; i++) await client.appendToStream(`s-${i}`, [event()], { expectedRevision: ANY });
    const positions = (await all(client.readAll({}))).map((e) => e.position!);
    for (let i = 1; i < positions.length; i++) {
      expect(compareEsdbPositionValues(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
    }
    expect(positions[0]!.commit < 1000n && positions.at(-1)!.commit >= 1000n).toBe(true);
  });

  it('has system events in $all from the start and writes more on demand', async () => {
    client.appendSystemEvent('$$s', '$metadata');
    const types = (await all(client.readAll({}))).map((e) => e.type);
    expect(types.length).toBeGreaterThanOrEqual(3);
    expect(types.every((t) => t.startsWith('$'))).toBe(true);
    expect(types).toContain('$metadata');
  });

  it('includes the start position in a forward $all read, and excludes it from a subscription', async () => {
    await client.appendToStream('s', [event(), event(), event()], { expectedRevision: NO_STREAM });
    const stored = (await all(client.readAll({}))).filter((e) => e.streamId === 's');
    const fromSecond = await all(client.readAll({ fromPosition: stored[1]!.position! }));
    expect(fromSecond.map((e) => e.revision)).toEqual([1n, 2n]);
    const received: EsdbRecordedEvent[] = [];
    const subscription = client.subscribeToAll({ fromPosition: stored[1]!.position! });
    subscription.on('data', (r) => received.push(r.event!));
    await tick();
    expect(received.map((e) => e.revision)).toEqual([2n]);
    await subscription.unsubscribe();
  });

  it('delivers new events to a live subscription through its filter until it unsubscribes', async () => {
    const received: string[] = [];
    const subscription = client.subscribeToAll({ filter: excludeSystemEvents() });
    subscription.on('data', (r) => received.push(r.event!.type));
    await client.appendToStream('s', [event(undefined, 'One')], { expectedRevision: ANY });
    client.appendSystemEvent('$$s', '$metadata');
    await tick();
    await subscription.unsubscribe();
    await client.appendToStream('s', [event(undefined, 'Two')], { expectedRevision: ANY });
    await tick();
    expect(received).toEqual(['One']);
    expect(client.liveSubscriptions).toBe(0);
  });
});
