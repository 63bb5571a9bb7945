import type { ContactPlanRule, ContactPlanSet } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { SetContactPlan } from './plan.commands';
import { initialPlanState, planDecider } from './plan.decider';

const { given } = deciderSpec(planDecider);

const rule = (overrides: Partial<ContactPlanRule> = {}): ContactPlanRule => ({
  customerClass: 'A',
  customerType: 'distributor',
  region: 'East',
  visitsPerMonth: 4,
  activityTypes: ['product demo', 'training'],
  budgetPerVisit: '200.00',
  ...overrides,
});

const setPlan = (overrides: Partial<SetContactPlan> = {}): SetContactPlan => ({
  type: 'SetContactPlan',
  period: '2024-03',
  rules: [rule()],
  setAt: '2024-02-25T09:00:00Z',
  ...overrides,
});

const planSet = (overrides: Partial<ContactPlanSet['data']> = {}): ContactPlanSet => ({
  type: 'ContactPlanSet',
  data: { period: '2024-03', rules: [rule()], revision: 1, setAt: '2024-02-25T09:00:00Z', ...overrides },
});

describe('plan decider: SetContactPlan', () => {
  it('sets the first plan of a period as revision 1', () => {
    given().when(setPlan()).then([planSet()]);
  });

  it('replaces the plan of the period with the next revision', () => {
    given(planSet(), planSet({ revision: 2 }))
      .when(setPlan({ rules: [rule({ visitsPerMonth: 2 })] }))
      .then([planSet({ rules: [rule({ visitsPerMonth: 2 })], revision: 3 })]);
  });

  it('covers several segments, normalising text, activity types and money', () => {
    given()
      .when(
        setPlan({
          period: '2024-Q2',
          rules: [
            rule({ region: ' East ', activityTypes: [' demo', 'demo', 'call'], budgetPerVisit: '150.5' }),
            rule({ customerClass: 'B' }),
            rule({ customerType: 'retail' }),
            rule({ region: 'West', visitsPerMonth: 0, activityTypes: [], budgetPerVisit: '0' }),
          ],
        }),
      )
      .then([
        planSet({
          period: '2024-Q2',
          rules: [
            rule({ activityTypes: ['demo', 'call'], budgetPerVisit: '150.50' }),
            rule({ customerClass: 'B' }),
            rule({ customerType: 'retail' }),
            rule({ region: 'West', visitsPerMonth: 0, activityTypes: [], budgetPerVisit: '0.00' }),
          ],
        }),
      ]);
  });

  it.each(['2024-13', '2024-Q5', '2024', 'march', ''])(
    'rejects the period %j, which is neither YYYY-MM nor YYYY-Qn',
    (period) => {
      given()
        .when(setPlan({ period }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_PERIOD', field: 'period' });
    },
  );

  it('rejects a plan without rules', () => {
    given()
      .when(setPlan({ rules: [] }))
      .thenRejects({ kind: 'invalid', code: 'EMPTY_PLAN', field: 'rules' });
  });

  it('rejects two rules for the same class, type and region', () => {
    given()
      .when(
        setPlan({ rules: [rule(), rule({ region: 'West' }), rule({ region: ' East', visitsPerMonth: 1 })] }),
      )
      .thenRejects({ kind: 'invalid', code: 'DUPLICATE_RULE', field: 'rules[2]' });
  });

  it.each([[-1], [1.5], [Number.NaN], [101]])(
    'rejects %p visits per month, which is not an integer from 0 to 100',
    (visitsPerMonth) => {
      given()
        .when(setPlan({ rules: [rule({ visitsPerMonth })] }))
        .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'rules[0].visitsPerMonth' });
    },
  );

  it('rejects a budget per visit that is not Money', () => {
    given()
      .when(setPlan({ rules: [rule({ budgetPerVisit: '-5' })] }))
      .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: 'rules[0].budgetPerVisit' });
  });

  it.each([
    ['customerClass', 'D'],
    ['customerType', 'wholesale'],
  ] as const)('rejects an unknown %s', (field, value) => {
    given()
      .when(setPlan({ rules: [rule({ [field]: value as never })] }))
      .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: `rules[0].${field}` });
  });

  it('rejects a blank region', () => {
    given()
      .when(setPlan({ rules: [rule({ region: ' ' })] }))
      .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'rules[0].region' });
  });

  it('rejects a blank activity type', () => {
    given()
      .when(setPlan({ rules: [rule({ activityTypes: ['demo', ''] })] }))
      .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'rules[0].activityTypes[1]' });
  });

  it('rejects a plan decided against the stream of another period', () => {
    given(planSet({ period: '2024-02' }))
      .when(setPlan({ period: '2024-03' }))
      .thenRejects({ kind: 'invalid', code: 'PERIOD_MISMATCH', field: 'period' });
  });

  it('remembers the period, the last revision and the regions of its rules', () => {
    const second = planSet({
      revision: 2,
      rules: [
        rule({ region: 'south' }),
        rule({ region: 'north' }),
        rule({ region: 'south', customerType: 'retail' }),
      ],
    });
    expect(foldEvents(planDecider, [planSet(), second])).toEqual({
      period: '2024-03',
      revision: 2,
      ruleRegions: ['south', 'north'],
    });
    expect(initialPlanState()).toEqual({ period: null, revision: 0, ruleRegions: [] });
  });

  it('fails loudly on a command type it does not know', () => {
    expect(() => planDecider.decide({ type: 'DropPlan' } as never, initialPlanState())).toThrow(
      'Unhandled variant: DropPlan',
    );
  });
});
