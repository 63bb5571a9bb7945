import { randomUUID } from 'node:crypto';
import { Readable, type ReadableOptions } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import type { EsdbAllSubscription, EsdbClient, EsdbRecordedEvent, EsdbResolvedEvent } from './esdb-client';
import { compareEsdbPositionValues } from './esdb-position';

type Stored = EsdbRecordedEvent & { position: Position };

/** The answer of the server's duplicate check for one append. */
type CommitDecision = { kind: 'write' } | { kind: 'repeat'; last: Stored } | { kind: 'wrong-version' };

const copy = (event: Stored): EsdbRecordedEvent => ({
  ...event,
  data: structuredClone(event.data),
  metadata: structuredClone(event.metadata),
  position: { ...event.position },
});

const resolved = (event: Stored): EsdbResolvedEvent => ({ event: copy(event) });

/** One network round trip: concurrent calls interleave here, like requests to a real server. */
const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const matchesFilter = (filter: Filter | undefined, event: Stored): boolean => {
  if (!filter) return true;
  const value = filter.filterOn === EVENT_TYPE ? event.type : event.streamId;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(value)
    : filter.prefixes.some((p) => value.startsWith(p));
};

/**
 * TEST DOUBLE — NOT AN EVENTSTOREDB SERVER. An in-memory stand-in for the part of
 * `EventStoreDBClient` the adapter uses (`EsdbClient`), mimicking the server semantics the adapter
 * depends on:
 * - stream revisions from 0; the expected revision checked atomically with the write;
 * - the server's duplicate check: an append whose event ids equal the events right after its
 *   expected revision is accepted without writing (so is one with ANY whose first event id is in
 *   the stream); a differing one fails with the client package's WrongExpectedVersionError;
 * - reading a stream without events fails with the package's StreamNotFoundError;
 * - `$all` positions (commit = prepare, as on servers since 20.6) growing by each record's size,
 *   so they soon pass 999 → 1000 and text comparison would be caught;
 * - system events (`$`-types, e.g. `$metadata`) in `$all`, written at start and on demand;
 * - forward `$all` reads include their start position, subscriptions start after it; a
 *   subscription catches up and then receives new events live until unsubscribed.
 * What it leaves out: clustering, ACLs, deletes, links, checkpoints of filtered subscriptions.
 */
export class InMemoryEventStoreDbClient implements EsdbClient {
  private readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly live = new Set<InMemoryAllSubscription>();
  private nextLogPosition = 0n;
  private disposed = false;

  constructor() {
    this.appendSystemEvent('$users', '$UserCreated', { loginName: 'admin' });
    this.appendSystemEvent('$$$scavenges', '$metadata', { $maxAge: 2592000 });
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    { expectedRevision = ANY }: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    await roundTrip();
    this.checkOpen();
    const stream = this.streams.get(streamName) ?? [];
    const decision = this.checkCommit(stream, expectedRevision, events);
    if (decision.kind === 'wrong-version') {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expectedRevision,
        current: stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1),
      });
    }
    const last =
      decision.kind === 'repeat'
        ? decision.last
        : events.map((e) => this.write(streamName, e.type, e.id, e.data, e.metadata, true)).at(-1)!;
    return { success: true, nextExpectedRevision: last.revision, position: { ...last.position } };
  }

  readStream(
    streamName: string,
    {
      fromRevision = START,
      direction,
      maxCount = Number.MAX_SAFE_INTEGER,
    }: { fromRevision?: ReadRevision; direction?: Direction; maxCount?: number | bigint } = {},
  ): AsyncIterable<EsdbResolvedEvent> {
    return this.read(() => {
      const stream = this.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const selected =
        direction === BACKWARDS
          ? stream
              .filter((e) => fromRevision === END || (fromRevision !== START && e.revision <= fromRevision))
              .reverse()
          : stream.filter(
              (e) => fromRevision === START || (fromRevision !== END && e.revision >= fromRevision),
            );
      return selected.slice(0, Number(maxCount));
    });
  }

  readAll({
    fromPosition = START,
    direction,
    maxCount = Number.MAX_SAFE_INTEGER,
  }: {
    fromPosition?: ReadPosition;
    direction?: Direction;
    maxCount?: number | bigint;
  } = {}): AsyncIterable<EsdbResolvedEvent> {
    return this.read(() => {
      const at = (e: Stored) =>
        typeof fromPosition === 'object' ? compareEsdbPositionValues(e.position, fromPosition) : 0;
      const selected =
        direction === BACKWARDS
          ? this.log.filter((e) => fromPosition === END || (fromPosition !== START && at(e) < 0)).reverse()
          : this.log.filter((e) => fromPosition === START || (fromPosition !== END && at(e) >= 0));
      return selected.slice(0, Number(maxCount));
    });
  }

  subscribeToAll(
    { fromPosition = START, filter }: { fromPosition?: ReadPosition; filter?: Filter } = {},
    readableOptions: ReadableOptions = {},
  ): EsdbAllSubscription {
    this.checkOpen();
    const subscription = new InMemoryAllSubscription(readableOptions, filter, (s) => this.live.delete(s));
    // Catch-up and going live happen in one step: nothing is missed or delivered twice.
    for (const event of this.log) {
      if (fromPosition === END) break;
      if (typeof fromPosition === 'object' && compareEsdbPositionValues(event.position, fromPosition) <= 0)
        continue;
      subscription.offer(event);
    }
    this.live.add(subscription);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const subscription of this.live) void subscription.unsubscribe();
  }

  /** Writes a system event (`$metadata`, `$settings`…), as the server does on its own. */
  appendSystemEvent(streamName: string, type: `$${string}`, data: Record<string, unknown> = {}): void {
    this.write(streamName, type, randomUUID(), data, undefined, true);
  }

  /** Breaks every live subscription with `error`, as a lost connection would. */
  failSubscriptions(error: Error): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      subscription.destroy(error);
    }
  }

  /** How many subscriptions are live (not yet unsubscribed). */
  get liveSubscriptions(): number {
    return this.live.size;
  }

  private checkCommit(
    stream: Stored[],
    expected: AppendExpectedRevision,
    events: EventData[],
  ): CommitDecision {
    const current = BigInt(stream.length - 1); // -1: no stream
    const idsFollow = (start: number): Stored | null => {
      if (start < 0) return null;
      for (let i = 0; i < events.length; i++) if (stream[start + i]?.id !== events[i]!.id) return null;
      return stream[start + events.length - 1]!;
    };
    if (expected === ANY || expected === STREAM_EXISTS) {
      if (expected === STREAM_EXISTS && stream.length === 0) return { kind: 'wrong-version' };
      const start = stream.findIndex((e) => e.id === events[0]!.id);
      if (start < 0) return { kind: 'write' };
      const last = idsFollow(start);
      return last ? { kind: 'repeat', last } : { kind: 'wrong-version' };
    }
    const wanted = expected === NO_STREAM ? -1n : expected;
    if (wanted === current) return { kind: 'write' };
    if (wanted > current) return { kind: 'wrong-version' };
    const last = idsFollow(Number(wanted + 1n));
    return last ? { kind: 'repeat', last } : { kind: 'wrong-version' };
  }

  private write(
    streamId: string,
    type: string,
    id: string,
    data: unknown,
    metadata: unknown,
    isJson: boolean,
  ): Stored {
    const stream = this.streams.get(streamId) ?? [];
    const position = { commit: this.nextLogPosition, prepare: this.nextLogPosition };
    const event: Stored = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      isJson,
      data: structuredClone(data),
      metadata: metadata === undefined ? undefined : structuredClone(metadata),
      position,
    };
    this.nextLogPosition += 120n + BigInt(JSON.stringify({ type, streamId, data, metadata }).length);
    stream.push(event);
    this.streams.set(streamId, stream);
    this.log.push(event);
    for (const subscription of this.live) subscription.offer(event);
    return event;
  }

  private read(select: () => Stored[]): AsyncIterable<EsdbResolvedEvent> {
    const open = () => this.checkOpen();
    return {
      async *[Symbol.asyncIterator]() {
        await roundTrip();
        open();
        for (const event of select()) yield resolved(event);
      },
    };
  }

  private checkOpen(): void {
    if (this.disposed) throw new Error('InMemoryEventStoreDbClient: used after dispose()');
  }
}

/** A `$all` subscription of the double: a readable stream that, like the real one, never ends. */
class InMemoryAllSubscription extends Readable implements EsdbAllSubscription {
  private subscribed = true;

  constructor(
    options: ReadableOptions,
    private readonly eventFilter: Filter | undefined,
    private readonly onUnsubscribe: (subscription: InMemoryAllSubscription) => void,
  ) {
    super({ ...options, objectMode: true, read: () => undefined });
  }

  offer(event: Stored): void {
    if (this.subscribed && matchesFilter(this.eventFilter, event)) this.push(resolved(event));
  }

  async unsubscribe(): Promise<void> {
    this.subscribed = false;
    this.onUnsubscribe(this);
  }
}
