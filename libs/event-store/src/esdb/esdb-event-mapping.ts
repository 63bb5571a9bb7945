import {
  ANY,
  NO_STREAM,
  jsonEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
} from '@eventstore/db-client';
import { upcast, type EventMetadata } from '@crm/events';
import type { AppendResult, EventToAppend, ExpectedVersion, LogEvent } from '../port/event-store';
import type { EsdbRecordedEvent } from './esdb-client';
import { formatEsdbPosition } from './esdb-position';

/**
 * Metadata key of the adapter's own: a random id per append call. Reading the last event back
 * after a successful append tells a fresh write (our id) from one the server took as a repeat of
 * an earlier append with the same event ids (their id). Stripped on every read.
 */
export const APPEND_ATTEMPT_KEY = 'esdbAppendAttempt';

/** Servers before 22.6 send this instead of the `$all` position on stream reads. */
const NO_POSITION = 2n ** 64n - 1n;

export const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
};

export const toEventData = (event: EventToAppend, attempt: string): EventData =>
  jsonEvent({
    id: event.metadata.eventId,
    type: event.type,
    data: event.data as JSONType,
    metadata: { ...event.metadata, [APPEND_ATTEMPT_KEY]: attempt },
  });

/** System events (`$metadata`, `$>` links, `$settings`, statistics…) are no business events. */
export const isSystemEventType = (type: string): boolean => type.startsWith('$');

/**
 * An event of this system's log: JSON, not a system event, carrying the metadata this adapter
 * writes. Anything else in `$all` (system records, other applications' events) is left out.
 */
export const isBusinessEvent = (event: EsdbRecordedEvent): boolean =>
  event.isJson &&
  !isSystemEventType(event.type) &&
  typeof (event.metadata as Partial<EventMetadata> | undefined)?.eventId === 'string';

export const appendAttemptOf = (event: EsdbRecordedEvent): unknown =>
  (event.metadata as Record<string, unknown> | undefined)?.[APPEND_ATTEMPT_KEY];

export const commandIdOf = (event: EsdbRecordedEvent): unknown =>
  (event.metadata as Partial<EventMetadata> | undefined)?.commandId;

export const positionOf = (event: EsdbRecordedEvent): Position => {
  const { position } = event;
  if (!position || position.commit === NO_POSITION) {
    throw new Error(
      `EventStoreDB returned event ${event.id} of ${event.streamId} without its $all position (the adapter needs a server of version 22.6 or later)`,
    );
  }
  return position;
};

/** A stored event as an event of the current schema: older versions are upcast on the way out. */
export const toLogEvent = (event: EsdbRecordedEvent): LogEvent => {
  const { [APPEND_ATTEMPT_KEY]: _attempt, ...metadata } = event.metadata as EventMetadata &
    Record<string, unknown>;
  const current = upcast(event.type, metadata.schemaVersion, event.data);
  const position = positionOf(event);
  return {
    type: event.type,
    data: current.data,
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    globalPosition: position.commit.toString(),
    metadata: { ...metadata, schemaVersion: current.schemaVersion },
    logPosition: formatEsdbPosition(position),
  };
};

export const toAppendResult = (event: EsdbRecordedEvent, alreadyAppended: boolean): AppendResult => {
  const position = positionOf(event);
  return {
    streamVersion: Number(event.revision),
    globalPosition: position.commit.toString(),
    logPosition: formatEsdbPosition(position),
    alreadyAppended,
  };
};
