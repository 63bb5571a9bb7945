import type { EventToAppend } from '../port/event-store';
import { eventIdFor } from '../port/event-ids';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './esdb-event-store';
import { InMemoryEventStoreDbClient } from './in-memory-esdb-client.double';

/** For the unit specs of this folder: the n-th event of a command, with complete metadata. */
export const esdbTestEvent = (
  commandId: string,
  index = 0,
  occurredAt = '2026-01-15T10:00:00.000Z',
  type = 'TestHappened',
): EventToAppend => ({
  type,
  data: { index },
  metadata: {
    eventId: eventIdFor(commandId, index),
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { userId: 'esdb-spec', role: 'system' },
    occurredAt,
    recordedAt: '2026-01-15T10:00:01.000Z',
    schemaVersion: 1,
  },
});

/** For the unit specs of this folder: the adapter over a fresh in-memory client double. */
export const adapterOverDouble = (
  options: Omit<EventStoreDbEventStoreOptions, 'client'> = {},
  client = new InMemoryEventStoreDbClient(),
): { store: EventStoreDbEventStore; client: InMemoryEventStoreDbClient } => ({
  store: new EventStoreDbEventStore({ ...options, client }),
  client,
});
