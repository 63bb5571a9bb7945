import type { ContactPlanRule, ContactPlanSet } from '@crm/events';

/**
 * Mirrors ContactPlanSet's data without `revision` (the decider numbers revisions). A plan
 * replaces the period's previous one as a whole.
 */
export type SetContactPlan = { type: 'SetContactPlan' } & Omit<ContactPlanSet['data'], 'revision'> & {
    rules: ContactPlanRule[];
  };

export type PlanCommand = SetContactPlan;
export type PlanCommandType = PlanCommand['type'];
