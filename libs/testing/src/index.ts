export * from './test-database';
export * from './event-store-contract';
export * from './wait-for';
export * from './kafka/kafka-broker';
