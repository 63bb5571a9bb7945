import type { QuotaAssigned } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { AssignQuota } from './rep.commands';
import { initialRepState, repDecider } from './rep.decider';
import { onboardRep, repOnboarded } from './rep.spec-helper';

const { given } = deciderSpec(repDecider);

const assignQuota = (overrides: Partial<AssignQuota> = {}): AssignQuota => ({
  type: 'AssignQuota',
  repId: 'r-1',
  period: '2024-03',
  targetAmount: '50000',
  targetVolume: 1200,
  ...overrides,
});

const quotaAssigned = (overrides: Partial<QuotaAssigned['data']> = {}): QuotaAssigned => ({
  type: 'QuotaAssigned',
  data: {
    repId: 'r-1',
    period: '2024-03',
    targetAmount: '50000.00',
    targetVolume: 1200,
    categoryTargets: [],
    revision: 1,
    ...overrides,
  },
});

describe('rep decider', () => {
  describe('OnboardRep', () => {
    it('onboards a new rep', () => {
      given()
        .when(onboardRep({ name: ' Li Wei ' }))
        .then([repOnboarded()]);
    });

    it('onboards a rep without a manager', () => {
      const { managerId: _omitted, ...withoutManager } = repOnboarded().data;
      given()
        .when(onboardRep({ managerId: undefined }))
        .then([{ type: 'RepOnboarded', data: withoutManager }]);
    });

    it('rejects onboarding a rep that is already onboarded', () => {
      given(repOnboarded())
        .when(onboardRep())
        .thenRejects({ kind: 'conflict', code: 'REP_ALREADY_ONBOARDED', field: null });
    });

    it.each(['name', 'region'] as const)('rejects a %s that is blank after trimming', (field) => {
      given()
        .when(onboardRep({ [field]: ' \t' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field });
    });

    it('rejects an onboarding time that is not an ISO-8601 date-time', () => {
      given()
        .when(onboardRep({ onboardedAt: '2024-01-02' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_TIMESTAMP', field: 'onboardedAt' });
    });
  });

  describe('AssignQuota', () => {
    it('assigns the first quota of a period as revision 1, with no category targets by default', () => {
      given(repOnboarded()).when(assignQuota()).then([quotaAssigned()]);
    });

    it('assigns per-category targets alongside the overall amount and volume', () => {
      given(repOnboarded())
        .when(
          assignQuota({
            period: '2024-Q2',
            categoryTargets: [
              { category: 'fasteners', targetAmount: '20000.5', targetVolume: 800 },
              { category: ' tools ', targetAmount: '30000', targetVolume: 400 },
            ],
          }),
        )
        .then([
          quotaAssigned({
            period: '2024-Q2',
            categoryTargets: [
              { category: 'fasteners', targetAmount: '20000.50', targetVolume: 800 },
              { category: 'tools', targetAmount: '30000.00', targetVolume: 400 },
            ],
          }),
        ]);
    });

    it('rejects a quota for a rep that is not onboarded', () => {
      given().when(assignQuota()).thenRejects({ kind: 'not_found', code: 'REP_NOT_FOUND', field: null });
    });

    it.each(['2024-01', '2024-12', '2024-Q1', '2024-Q4'])('accepts the period %s', (period) => {
      given(repOnboarded())
        .when(assignQuota({ period }))
        .then([quotaAssigned({ period })]);
    });

    it.each([
      '2024-00',
      '2024-13',
      '2024-Q0',
      '2024-Q5',
      '2024-3',
      '24-03',
      '2024-q1',
      '2024-03 ',
      '2024',
      '',
    ])('rejects the period %j, which is neither YYYY-MM nor YYYY-Qn', (period) => {
      given(repOnboarded())
        .when(assignQuota({ period }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_PERIOD', field: 'period' });
    });

    it.each(['0', '0.00'])('rejects the target amount %j, which is not above zero', (targetAmount) => {
      given(repOnboarded())
        .when(assignQuota({ targetAmount }))
        .thenRejects({ kind: 'invalid', code: 'NOT_POSITIVE', field: 'targetAmount' });
    });

    it('rejects a target amount that is not Money', () => {
      given(repOnboarded())
        .when(assignQuota({ targetAmount: '5e4' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: 'targetAmount' });
    });

    it.each([[0], [-1], [2.5]])(
      'rejects the target volume %p, which is not a positive integer',
      (targetVolume) => {
        given(repOnboarded())
          .when(assignQuota({ targetVolume }))
          .thenRejects({ kind: 'invalid', code: 'INVALID_QUANTITY', field: 'targetVolume' });
      },
    );

    it('rejects a category target amount that is not above zero', () => {
      given(repOnboarded())
        .when(assignQuota({ categoryTargets: [{ category: 'tools', targetAmount: '0', targetVolume: 1 }] }))
        .thenRejects({ kind: 'invalid', code: 'NOT_POSITIVE', field: 'categoryTargets[0].targetAmount' });
    });

    it('rejects a category target volume that is not a positive integer', () => {
      given(repOnboarded())
        .when(assignQuota({ categoryTargets: [{ category: 'tools', targetAmount: '1', targetVolume: 0 }] }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_QUANTITY', field: 'categoryTargets[0].targetVolume' });
    });

    it('rejects a blank category', () => {
      given(repOnboarded())
        .when(assignQuota({ categoryTargets: [{ category: ' ', targetAmount: '1', targetVolume: 1 }] }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'categoryTargets[0].category' });
    });

    it('rejects a category that has two targets', () => {
      given(repOnboarded())
        .when(
          assignQuota({
            categoryTargets: [
              { category: 'tools', targetAmount: '1', targetVolume: 1 },
              { category: 'paint', targetAmount: '1', targetVolume: 1 },
              { category: 'tools ', targetAmount: '2', targetVolume: 2 },
            ],
          }),
        )
        .thenRejects({ kind: 'invalid', code: 'DUPLICATE_CATEGORY', field: 'categoryTargets[2].category' });
    });

    it('rejects assigning a period already assigned without a correction', () => {
      given(repOnboarded(), quotaAssigned())
        .when(assignQuota({ targetAmount: '60000' }))
        .thenRejects({ kind: 'conflict', code: 'QUOTA_PERIOD_ALREADY_ASSIGNED', field: null });
    });

    it('rejects a correction for a period that was never assigned', () => {
      given(repOnboarded(), quotaAssigned({ period: '2024-02' }))
        .when(assignQuota({ correction: true }))
        .thenRejects({ kind: 'conflict', code: 'QUOTA_NOT_ASSIGNED', field: null });
    });

    it('supersedes the period quota with the next revision on a correction', () => {
      given(repOnboarded(), quotaAssigned(), quotaAssigned({ targetAmount: '55000.00', revision: 2 }))
        .when(assignQuota({ targetAmount: '45000', targetVolume: 1000, correction: true }))
        .then([quotaAssigned({ targetAmount: '45000.00', targetVolume: 1000, revision: 3 })]);
    });

    it('numbers revisions per period: other periods do not count', () => {
      given(
        repOnboarded(),
        quotaAssigned({ period: '2024-02' }),
        quotaAssigned({ period: '2024-02', revision: 2 }),
        quotaAssigned({ period: '2024-Q1' }),
      )
        .when(assignQuota({ period: '2024-03' }))
        .then([quotaAssigned({ period: '2024-03', revision: 1 })]);
    });

    it('treats correction: false like a first assignment', () => {
      given(repOnboarded())
        .when(assignQuota({ correction: false }))
        .then([quotaAssigned()]);
    });
  });

  describe('evolve', () => {
    it('remembers the onboarding and the latest revision of each period', () => {
      const state = foldEvents(repDecider, [
        repOnboarded(),
        quotaAssigned(),
        quotaAssigned({ revision: 2 }),
        quotaAssigned({ period: '2024-Q2' }),
      ]);
      expect(state).toEqual({
        onboarded: true,
        repId: 'r-1',
        profile: { name: 'Li Wei', region: 'East', managerId: 'm-1' },
        quotaRevisions: new Map([
          ['2024-03', 2],
          ['2024-Q2', 1],
        ]),
        territory: null,
      });
    });

    it('does not mutate the state it is given', () => {
      const before = foldEvents(repDecider, [repOnboarded()]);
      repDecider.evolve(before, quotaAssigned());
      expect(before.quotaRevisions.size).toBe(0);
    });
  });

  it('fails loudly on a command type it does not know', () => {
    expect(() => repDecider.decide({ type: 'FireRep' } as never, initialRepState())).toThrow(
      'Unhandled variant: FireRep',
    );
  });
});
