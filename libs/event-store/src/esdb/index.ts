export * from './esdb-client';
export * from './esdb-position';
export * from './esdb-event-store';
export * from './in-memory-esdb-client.double';
