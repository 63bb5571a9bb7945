import type { EventStore } from './port/event-store';
import { EventStoreDbEventStore } from './esdb';
import { PostgresEventStore } from './postgres/postgres-event-store';

export interface EventStoreSelection {
  /** PostgreSQL (the default store, and the read models' database). */
  databaseUrl: string;
  /** `esdb://…`: selects EventStoreDB instead of the PostgreSQL store. */
  eventStoreConnectionString?: string;
  /** PostgreSQL store: longest wait of a live subscription without a notification. */
  pollIntervalMs?: number;
  /** PostgreSQL store: connections in its pool. */
  poolSize?: number;
}

/** The configured event store: EventStoreDB when a connection string is given, else PostgreSQL. */
export const createEventStore = (selection: EventStoreSelection): EventStore =>
  selection.eventStoreConnectionString
    ? EventStoreDbEventStore.connect(selection.eventStoreConnectionString)
    : new PostgresEventStore({
        connectionString: selection.databaseUrl,
        pollIntervalMs: selection.pollIntervalMs,
        poolSize: selection.poolSize,
      });
