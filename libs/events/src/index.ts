export * from './shared/metadata';
export * from './shared/money';
export * from './shared/domain-event';
export * from './customer/customer.events';
export * from './rep/rep.events';
export * from './schema';
