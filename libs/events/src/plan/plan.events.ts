import type { DomainEvent } from '../shared/domain-event';
import type { Money } from '../shared/money';
import type { CustomerType } from '../customer/customer.events';

export const CUSTOMER_CLASSES = ['A', 'B', 'C'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

/** How often and how one segment is contacted, and within what budget. */
export interface ContactPlanRule {
  customerClass: CustomerClass;
  customerType: CustomerType;
  region: string;
  visitsPerMonth: number;
  activityTypes: string[];
  budgetPerVisit: Money;
}

/** The contact plan of a period (stream `plan-<period>`); a later one for the period supersedes it. */
export type ContactPlanSet = DomainEvent<
  'ContactPlanSet',
  {
    /** "YYYY-MM" or "YYYY-Qn". */
    period: string;
    rules: ContactPlanRule[];
    /** 1 for the first plan of the period, then +1 per replacement. */
    revision: number;
    setAt: string;
  }
>;

export type PlanEvent = ContactPlanSet;
