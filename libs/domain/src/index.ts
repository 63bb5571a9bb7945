export * from './shared/assert-never';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/money';

export * from './customer/customer.commands';
export * from './customer/customer.state';
export { customerDecider, decideCustomer, evolveCustomer } from './customer/customer.decider';

export * from './rep/quota-period';
export * from './rep/rep.commands';
export * from './rep/rep.state';
export { decideRep, evolveRep, repDecider } from './rep/rep.decider';
