import type { ReadableOptions } from 'node:stream';
import {
  EventStoreDBClient,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';

/** A stored event as the client hands it out: the fields the adapter reads. */
export interface EsdbRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  /** Position in `$all`; servers before 22.6 leave it out of stream reads. */
  position?: Position;
}

export interface EsdbResolvedEvent {
  event?: EsdbRecordedEvent;
}

export interface EsdbReadOptions {
  direction?: Direction;
  maxCount?: number | bigint;
}

/** A live `$all` subscription: a readable stream of events that never ends on its own. */
export interface EsdbAllSubscription {
  on(event: 'data', listener: (resolved: EsdbResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * The part of `EventStoreDBClient` the adapter uses. The real client fits it as it is; so does the
 * in-memory double the unit tests use (`InMemoryEventStoreDbClient`).
 */
export interface EsdbClient {
  appendToStream(
    streamName: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<AppendResult>;
  /** Rejects with StreamNotFoundError (when iterated) for a stream that has no events. */
  readStream(
    streamName: string,
    options: EsdbReadOptions & { fromRevision?: ReadRevision },
  ): AsyncIterable<EsdbResolvedEvent>;
  readAll(options: EsdbReadOptions & { fromPosition?: ReadPosition }): AsyncIterable<EsdbResolvedEvent>;
  subscribeToAll(
    options: { fromPosition?: ReadPosition; filter?: Filter },
    readableOptions?: ReadableOptions,
  ): EsdbAllSubscription;
  dispose(): Promise<void>;
}

/** A client for `esdb://…` (connects lazily, on the first call). */
export const connectEventStoreDb = (connectionString: string): EsdbClient =>
  EventStoreDBClient.connectionString(connectionString);
