import type { CustomerEvent } from './customer/customer.events';
import type { RepEvent } from './rep/rep.events';

export type CrmEvent = CustomerEvent | RepEvent;
export type CrmEventType = CrmEvent['type'];

/** Current schema version of every event type; stored with each event. */
export const SCHEMA_VERSIONS: Record<CrmEventType, number> = {
  CustomerRegistered: 1,
  VisitLogged: 1,
  OrderRecorded: 1,
  RepOnboarded: 1,
  QuotaAssigned: 1,
};

export const isCrmEventType = (type: string): type is CrmEventType =>
  Object.prototype.hasOwnProperty.call(SCHEMA_VERSIONS, type);

/** Stream naming (DOMAIN.md): one stream per aggregate. */
export const streams = {
  customer: (customerId: string) => `customer-${customerId}`,
  rep: (repId: string) => `rep-${repId}`,
} as const;
