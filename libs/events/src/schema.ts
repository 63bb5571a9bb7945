import type { CustomerEvent } from './customer/customer.events';
import type { RepEvent } from './rep/rep.events';
import type { PlanEvent } from './plan/plan.events';
import type { SegmentationEvent } from './segmentation/segmentation.events';

export type CrmEvent = CustomerEvent | RepEvent | PlanEvent | SegmentationEvent;
export type CrmEventType = CrmEvent['type'];

/** Current schema version of every event type; stored with each event. Older ones are upcast. */
export const SCHEMA_VERSIONS: Record<CrmEventType, number> = {
  CustomerRegistered: 1,
  CustomerProfileUpdated: 1,
  CustomerOwnerAssigned: 1,
  ContactPersonAdded: 1,
  VisitLogged: 2,
  CompetitorFeedbackRecorded: 1,
  OpportunityOpened: 1,
  OpportunityWon: 1,
  OpportunityLost: 1,
  OrderRecorded: 1,
  OrderCancelled: 1,
  PaymentReceived: 1,
  RepOnboarded: 1,
  QuotaAssigned: 1,
  TerritoryAssigned: 1,
  ContactPlanSet: 1,
  SegmentationPolicyChanged: 1,
};

export const isCrmEventType = (type: string): type is CrmEventType =>
  Object.prototype.hasOwnProperty.call(SCHEMA_VERSIONS, type);

/** Stream naming (DOMAIN.md): one stream per aggregate. */
export const streams = {
  customer: (customerId: string) => `customer-${customerId}`,
  rep: (repId: string) => `rep-${repId}`,
  plan: (period: string) => `plan-${period}`,
  segmentationPolicy: () => 'policy-segmentation',
} as const;
