export * from './port/event-store';
export * from './port/errors';
export * from './port/event-ids';
export * from './postgres/postgres-event-store';
export * from './postgres/event-store-schema.migration';
export { comparePgPositions } from './postgres/log-position';
export * from './esdb';
export * from './create-event-store';
export { APPEND_TO_STREAM_SQL, eventColumns } from './postgres/append-statement';
