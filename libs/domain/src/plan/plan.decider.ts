import {
  CUSTOMER_CLASSES,
  CUSTOMER_TYPES,
  type ContactPlanRule,
  type ContactPlanSet,
  type PlanEvent,
} from '@crm/events';
import { assertNever } from '../shared/assert-never';
import type { Decider } from '../shared/decider';
import { invalid } from '../shared/domain-error';
import { canonicalMoney } from '../shared/money';
import { isPeriod } from '../shared/period';
import {
  requireIntegerInRange,
  requireOneOf,
  requireText,
  requireTimestamp,
  textList,
} from '../shared/validation';
import type { PlanCommand, SetContactPlan } from './plan.commands';
import { initialPlanState, type PlanState } from './plan.state';

export { initialPlanState };

/** Most visits a plan may ask for per customer and month (a few a day). */
export const MAX_VISITS_PER_MONTH = 100;

/**
 * Decides the contact plan of one period (stream `plan-<period>`): each set replaces the plan
 * as a whole with the next revision.
 */
export const decidePlan = (command: PlanCommand, state: PlanState): PlanEvent[] => {
  switch (command.type) {
    case 'SetContactPlan':
      return [setContactPlan(command, state)];
    default:
      return assertNever(command.type);
  }
};

export const evolvePlan = (state: PlanState, event: PlanEvent): PlanState => {
  switch (event.type) {
    case 'ContactPlanSet':
      return {
        period: event.data.period,
        revision: event.data.revision,
        ruleRegions: [...new Set(event.data.rules.map((r) => r.region))],
      };
    default:
      return assertNever(event.type);
  }
};

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: initialPlanState,
  decide: decidePlan,
  evolve: evolvePlan,
};

const setContactPlan = (command: SetContactPlan, state: PlanState): ContactPlanSet => {
  const period = command.period;
  if (!isPeriod(period)) {
    throw invalid('INVALID_PERIOD', 'period must be YYYY-MM (01–12) or YYYY-Q1 … YYYY-Q4', 'period');
  }
  if (!Array.isArray(command.rules) || command.rules.length === 0) {
    throw invalid('EMPTY_PLAN', 'A contact plan needs at least one rule', 'rules');
  }
  const segments = new Set<string>();
  const rules = command.rules.map((rule, index) => {
    const valid = contactPlanRule(rule, `rules[${index}]`);
    const segment = JSON.stringify([valid.customerClass, valid.customerType, valid.region]);
    if (segments.has(segment)) {
      throw invalid(
        'DUPLICATE_RULE',
        `Another rule already covers class ${valid.customerClass}, type ${valid.customerType}, region ${valid.region}`,
        `rules[${index}]`,
      );
    }
    segments.add(segment);
    return valid;
  });
  const setAt = requireTimestamp(command.setAt, 'setAt');
  if (state.period !== null && state.period !== period) {
    throw invalid(
      'PERIOD_MISMATCH',
      `Plan for ${period} was decided against the plan of ${state.period}`,
      'period',
    );
  }
  return { type: 'ContactPlanSet', data: { period, rules, revision: state.revision + 1, setAt } };
};

const contactPlanRule = (rule: ContactPlanRule, path: string): ContactPlanRule => {
  if (typeof rule !== 'object' || rule === null) {
    throw invalid('INVALID_VALUE', `${path} must be a contact plan rule`, path);
  }
  return {
    customerClass: requireOneOf(rule.customerClass, CUSTOMER_CLASSES, `${path}.customerClass`),
    customerType: requireOneOf(rule.customerType, CUSTOMER_TYPES, `${path}.customerType`),
    region: requireText(rule.region, `${path}.region`),
    visitsPerMonth: requireIntegerInRange(
      rule.visitsPerMonth,
      0,
      MAX_VISITS_PER_MONTH,
      `${path}.visitsPerMonth`,
    ),
    activityTypes: textList(rule.activityTypes, `${path}.activityTypes`),
    budgetPerVisit: canonicalMoney(rule.budgetPerVisit, `${path}.budgetPerVisit`),
  };
};
