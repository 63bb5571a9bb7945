export * from './kafka-options';
export * from './event-message';
export * from './kafka-relay';
export * from './kafka-projector';
export * from './kafka-transport.migration';
export * from './relay-marks.migration';
export * from './kafka-migrations';
export * from './kafka-visibility';
