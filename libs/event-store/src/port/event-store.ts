import type { DomainEvent, EventMetadata, RecordedEvent } from '@crm/events';

/**
 * What the writer expects the stream to be at: a version number (0-based version of its last
 * event), `'no_stream'` (the stream must not exist), or `'any'` (no check).
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

/** An event to append: the decided event plus its metadata (event id derived from the command id). */
export type EventToAppend = DomainEvent & { metadata: EventMetadata };

export interface AppendResult {
  /** Version of the last event of the stream after the append. */
  streamVersion: number;
  /** Global position of the last appended event. */
  globalPosition: string;
  /** Adapter-specific position of the last appended event in the global log (a consistency token). */
  logPosition: string;
  /** True when the command had been appended before and nothing new was written. */
  alreadyAppended: boolean;
}

/** One stream's part of a batch append (see `EventStore.appendMany`). */
export interface StreamAppend {
  streamId: string;
  /** At least one event; the ids are derived from the command ids, as for appendToStream. */
  events: EventToAppend[];
  expectedVersion: ExpectedVersion;
}

/** The outcome of one stream of a batch append. */
export type StreamAppendResult = AppendResult & { streamId: string };

/** An event read from the global log, with the opaque position a reader checkpoints. */
export type LogEvent = RecordedEvent & { logPosition: string };

export interface ReadStreamOptions {
  /** First stream version to read (inclusive). */
  fromVersion?: number;
  /** Last stream version to read (inclusive). */
  toVersion?: number;
  /** Only events whose business time is at or before this instant. */
  untilTime?: Date;
}

export interface Subscription {
  /** Stops the subscription; resolves when the reader has finished its current batch. */
  stop(): Promise<void>;
  /** Resolves when the subscription ends; rejects if it failed. */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Position to continue after; `null` reads from the beginning. */
  from: string | null;
  /** Called with each batch, in log order; the next batch is read after the promise resolves. */
  onBatch(events: LogEvent[]): Promise<void>;
  batchSize?: number;
}

/** The event-store port: every adapter passes the same contract suite. */
export interface EventStore {
  appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  /**
   * Appends to many streams in ONE transaction: all or nothing. Each stream's expected version is
   * checked; one stale stream fails the whole batch with a ConcurrencyError and nothing is
   * appended. Idempotent per stream: a stream whose events are all stored already appends nothing,
   * skips the version check and answers `alreadyAppended: true` with the stored position of its
   * last event; a stream whose events are only partly stored fails the batch (it mixes a repeated
   * command with new ones). A stream may appear once per batch. Results are in batch order; an
   * empty batch appends nothing and answers `[]`.
   */
  appendMany(batch: StreamAppend[]): Promise<StreamAppendResult[]>;
  /**
   * The result of a command appended before (found by the id of its first event), or null.
   * Lets a retried command return its first result instead of being decided again.
   * Callers that know the command's stream pass it: adapters without a lookup by event id
   * (EventStoreDB) then search that stream only; the PostgreSQL adapter ignores it.
   */
  findAppendedCommand(
    commandId: string,
    streamId?: string,
  ): Promise<(AppendResult & { streamId: string }) | null>;
  /** Events of one stream in version order; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Up to `limit` events of the global log after `from` (exclusive), in log order. */
  readAll(from: string | null, limit: number): Promise<LogEvent[]>;
  /** Catch-up, then live: calls `onBatch` for every event after `from`, in order, exactly once. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Orders two log positions of this adapter (negative, zero, positive). */
  comparePositions(a: string, b: string): number;
  close(): Promise<void>;
}
