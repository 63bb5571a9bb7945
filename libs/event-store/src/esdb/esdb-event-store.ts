import { randomUUID } from 'node:crypto';
import { FORWARDS, START, WrongExpectedVersionError, type Position } from '@eventstore/db-client';
import type { RecordedEvent } from '@crm/events';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  LogEvent,
  ReadStreamOptions,
  StreamAppend,
  StreamAppendResult,
  SubscribeOptions,
  Subscription,
} from '../port/event-store';
import { ConcurrencyError } from '../port/errors';
import { eventIdFor } from '../port/event-ids';
import { appendBatchSequentially } from './esdb-batch-append';
import { connectEventStoreDb, type EsdbClient, type EsdbRecordedEvent } from './esdb-client';
import {
  appendAttemptOf,
  isBusinessEvent,
  positionOf,
  toAppendResult,
  toEventData,
  toExpectedRevision,
  toLogEvent,
} from './esdb-event-mapping';
import { EsdbLogSubscription } from './esdb-log-subscription';
import { compareEsdbPositionValues, compareEsdbPositions, parseEsdbPosition } from './esdb-position';
import { EsdbStreamReader } from './esdb-stream-reader';

export interface EventStoreDbEventStoreOptions {
  /** `EventStoreDBClient` (see `connectEventStoreDb`) or a test double; closed by `close()`. */
  client: EsdbClient;
  /**
   * How many events of a stream, from its end, are searched for a command's events (idempotent
   * retries, `findAppendedCommand` with a stream). A command older than that is not recognised.
   */
  streamScanLimit?: number;
  /** How many events of `$all`, from its end, `findAppendedCommand` searches when given no stream. */
  logScanLimit?: number;
  /**
   * Test hook: the log position this store treats as the beginning of `$all` (`readAll(null)`,
   * `subscribeToAll({ from: null })`, `findAppendedCommand` without a stream see only later
   * events). Lets each test of the contract suite start from an empty log on a shared server.
   */
  origin?: string | null;
}

const DEFAULT_SCAN_LIMIT = 10_000;

/**
 * The event store on EventStoreDB (`@eventstore/db-client`, gRPC). Streams map to streams, the
 * expected version to the expected revision, event ids come from the metadata (derived from the
 * command id), the global log is `$all` without system events, positions are "commit/prepare".
 *
 * Differences from the PostgreSQL adapter: `appendMany` is not atomic across streams (see
 * `capabilities` and esdb-batch-append.ts); EventStoreDB has no lookup by event id, so repeated
 * commands are recognised by searching the end of their stream (`streamScanLimit`) and
 * `findAppendedCommand` should be given the stream (without it the end of `$all` is searched).
 */
export class EventStoreDbEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: false } as const;
  private readonly client: EsdbClient;
  private readonly reader: EsdbStreamReader;
  private readonly streamScanLimit: number;
  private readonly logScanLimit: number;
  private readonly origin: Position | null;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = options.client;
    this.reader = new EsdbStreamReader(options.client);
    this.streamScanLimit = options.streamScanLimit ?? DEFAULT_SCAN_LIMIT;
    this.logScanLimit = options.logScanLimit ?? DEFAULT_SCAN_LIMIT;
    this.origin = options.origin ? parseEsdbPosition(options.origin) : null;
  }

  /** The adapter on a new client for `esdb://…` (no connection is made before the first call). */
  static connect(
    connectionString: string,
    options: Omit<EventStoreDbEventStoreOptions, 'client'> = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore({ ...options, client: connectEventStoreDb(connectionString) });
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const eventIds = events.map((e) => e.metadata.eventId);
    if (expectedVersion === 'any') {
      // With ANY the server's duplicate check is best effort (a cache): look first.
      const stored = await this.storedResult(streamId, eventIds);
      if (stored) return stored;
    }
    const attempt = randomUUID();
    let nextRevision: bigint;
    try {
      const appended = await this.client.appendToStream(
        streamId,
        events.map((e) => toEventData(e, attempt)),
        { expectedRevision: toExpectedRevision(expectedVersion) },
      );
      nextRevision = appended.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // The expected revision did not match: a competing writer, or this very command appended
      // earlier from another expected revision (the server only recognises a repeat that expects
      // the same revision as the first time).
      const { stored, current } = await this.findStored(streamId, eventIds);
      if (stored) return stored;
      const actual = error.actualVersion === 'no_stream' ? 'no_stream' : Number(error.actualVersion);
      throw new ConcurrencyError(streamId, expectedVersion, Number.isNaN(actual) ? current : actual);
    }
    const last = await this.reader.at(streamId, nextRevision);
    if (last && last.id === eventIds[eventIds.length - 1] && appendAttemptOf(last) === attempt) {
      return toAppendResult(last, false);
    }
    // Accepted without writing: the server took it as a repeat of an earlier append.
    const stored = await this.storedResult(streamId, eventIds);
    if (stored) return stored;
    throw new Error(
      `EventStoreDB acknowledged an append to ${streamId}, but its events are not in the stream`,
    );
  }

  /** Not atomic across streams: see esdb-batch-append.ts and `capabilities`. */
  async appendMany(batch: StreamAppend[]): Promise<StreamAppendResult[]> {
    return appendBatchSequentially(
      this.reader,
      this.streamScanLimit,
      (streamId, events, expectedVersion) => this.appendToStream(streamId, events, { expectedVersion }),
      batch,
    );
  }

  /**
   * Found by the id of the command's first event. With `streamId` the end of that stream is
   * searched (`streamScanLimit` events); without it, the end of `$all` (`logScanLimit` events):
   * callers that know the stream should pass it.
   */
  async findAppendedCommand(
    commandId: string,
    streamId?: string,
  ): Promise<(AppendResult & { streamId: string }) | null> {
    const firstEventId = eventIdFor(commandId, 0);
    const candidates = streamId
      ? (await this.reader.tail(streamId, this.streamScanLimit)).newestFirst
      : await this.reader.logTail(this.logScanLimit, this.origin);
    const first = candidates.find((e) => e.id === firstEventId && isBusinessEvent(e));
    if (!first) return null;
    const last = await this.reader.lastEventOfCommand(first, this.streamScanLimit);
    return { streamId: first.streamId, ...toAppendResult(last, true) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromVersion ?? 0;
    const to = options.toVersion;
    if (to !== undefined && to < from) return [];
    const stored = await this.reader.forwards(
      streamId,
      BigInt(from),
      to === undefined ? undefined : to - from + 1,
    );
    const until = options.untilTime?.getTime();
    return stored
      .filter(isBusinessEvent)
      .map((e) => {
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { logPosition, ...event } = toLogEvent(e);
        return event;
      })
      .filter((e) => until === undefined || Date.parse(e.metadata.occurredAt) <= until);
  }

  async readAll(from: string | null, limit: number): Promise<LogEvent[]> {
    let after = from === null ? this.origin : parseEsdbPosition(from);
    const pageSize = Math.max(limit + 1, 64);
    const events: LogEvent[] = [];
    while (events.length < limit) {
      // A forward read of $all includes the event at its start position: skip up to `after`.
      const page: EsdbRecordedEvent[] = [];
      for await (const resolved of this.client.readAll({
        fromPosition: after ?? START,
        direction: FORWARDS,
        maxCount: pageSize,
      })) {
        if (resolved.event) page.push(resolved.event);
      }
      for (const event of page) {
        const position = positionOf(event);
        if (after && compareEsdbPositionValues(position, after) <= 0) continue;
        after = position;
        if (isBusinessEvent(event)) events.push(toLogEvent(event));
        if (events.length === limit) break;
      }
      if (page.length < pageSize) break;
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const after = options.from === null ? this.origin : parseEsdbPosition(options.from);
    const subscription = new EsdbLogSubscription(this.client, options, after);
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  comparePositions(a: string, b: string): number {
    return compareEsdbPositions(a, b);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** The stored result of these events (the last of them in the stream), or null. */
  private async storedResult(streamId: string, eventIds: string[]): Promise<AppendResult | null> {
    return (await this.findStored(streamId, eventIds)).stored;
  }

  private async findStored(
    streamId: string,
    eventIds: string[],
  ): Promise<{ stored: AppendResult | null; current: number | 'no_stream' }> {
    const { current, newestFirst } = await this.reader.tail(streamId, this.streamScanLimit);
    const ids = new Set(eventIds);
    const last = newestFirst.find((e) => ids.has(e.id));
    return { stored: last ? toAppendResult(last, true) : null, current };
  }
}
