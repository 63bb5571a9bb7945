export * from './shared/assert-never';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/money';
export * from './shared/period';

export * from './customer/customer.commands';
export * from './customer/customer.state';
export { customerDecider, decideCustomer, evolveCustomer, foldCustomer } from './customer/customer.decider';

export * from './rep/quota-period';
export * from './rep/rep.commands';
export * from './rep/rep.state';
export { decideRep, evolveRep, repDecider } from './rep/rep.decider';

export * from './plan/plan.commands';
export * from './plan/plan.state';
export { decidePlan, evolvePlan, MAX_VISITS_PER_MONTH, planDecider } from './plan/plan.decider';

export * from './segmentation/segmentation-policy.commands';
export * from './segmentation/segmentation-policy.state';
export {
  decideSegmentationPolicy,
  evolveSegmentationPolicy,
  MAX_LIFECYCLE_DAYS,
  segmentationPolicyDecider,
} from './segmentation/segmentation-policy.decider';
