export * from './test-database';
export * from './event-store-contract';
export * from './wait-for';
export * from './kafka/kafka-broker';
export * from './read-model-snapshot';
export * from './kafka/kafka-catch-up';
export * from './auth';
