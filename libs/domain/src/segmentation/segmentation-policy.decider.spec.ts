import { DEFAULT_SEGMENTATION_POLICY, type SegmentationPolicyChanged } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { ChangeSegmentationPolicy } from './segmentation-policy.commands';
import { initialSegmentationPolicyState, segmentationPolicyDecider } from './segmentation-policy.decider';

const { given } = deciderSpec(segmentationPolicyDecider);

const { abc, lifecycle, rfm } = DEFAULT_SEGMENTATION_POLICY;

const changePolicy = (overrides: Partial<ChangeSegmentationPolicy> = {}): ChangeSegmentationPolicy => ({
  type: 'ChangeSegmentationPolicy',
  abc: { ...abc },
  lifecycle: { ...lifecycle },
  rfm: { ...rfm },
  changedAt: '2024-01-01T00:00:00Z',
  ...overrides,
});

const policyChanged = (
  overrides: Partial<SegmentationPolicyChanged['data']> = {},
): SegmentationPolicyChanged => ({
  type: 'SegmentationPolicyChanged',
  data: { version: 1, policy: DEFAULT_SEGMENTATION_POLICY, changedAt: '2024-01-01T00:00:00Z', ...overrides },
});

const withAbc = (changes: Partial<typeof abc>) => changePolicy({ abc: { ...abc, ...changes } });
const withLifecycle = (changes: Partial<typeof lifecycle>) =>
  changePolicy({ lifecycle: { ...lifecycle, ...changes } });

describe('segmentation policy decider: ChangeSegmentationPolicy', () => {
  it('records the first policy as version 1, with its reason', () => {
    given()
      .when(changePolicy({ reason: ' initial policy ' }))
      .then([policyChanged({ reason: 'initial policy' })]);
  });

  it('numbers each later change with the next version', () => {
    const policy = {
      ...DEFAULT_SEGMENTATION_POLICY,
      abc: { ...abc, measure: 'gross_margin' as const, aPercent: 2.5 },
    };
    given(policyChanged(), policyChanged({ version: 2 }))
      .when(withAbc({ measure: 'gross_margin', aPercent: 2.5 }))
      .then([policyChanged({ version: 3, policy })]);
  });

  it.each([[0], [-1], [20], [25]])(
    'rejects aPercent %p, which is not above 0 and below abPercent (20)',
    (aPercent) => {
      given()
        .when(withAbc({ aPercent }))
        .thenRejects({
          kind: 'invalid',
          code: 'OUT_OF_RANGE',
          field: aPercent <= 0 ? 'abc.aPercent' : 'abc.abPercent',
        });
    },
  );

  it.each([[100.5], [5]])(
    'rejects abPercent %p, which is not above aPercent (5) and at most 100',
    (abPercent) => {
      given()
        .when(withAbc({ abPercent }))
        .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'abc.abPercent' });
    },
  );

  it('accepts abPercent of exactly 100 (no C class)', () => {
    const policy = { ...DEFAULT_SEGMENTATION_POLICY, abc: { ...abc, abPercent: 100 } };
    given()
      .when(withAbc({ abPercent: 100 }))
      .then([policyChanged({ policy })]);
  });

  it.each([[0], [121], [6.5]])(
    'rejects a window of %p months, which is not an integer from 1 to 120',
    (windowMonths) => {
      given()
        .when(withAbc({ windowMonths }))
        .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'abc.windowMonths' });
    },
  );

  it('rejects an unknown ABC measure', () => {
    given()
      .when(withAbc({ measure: 'visits' as never }))
      .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'abc.measure' });
  });

  it('rejects newWithinDays that is not above zero', () => {
    given()
      .when(withLifecycle({ newWithinDays: 0 }))
      .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'lifecycle.newWithinDays' });
  });

  it('rejects atRiskAfterDays that is not above zero', () => {
    given()
      .when(withLifecycle({ atRiskAfterDays: 0 }))
      .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'lifecycle.atRiskAfterDays' });
  });

  it.each([[90], [60]])(
    'rejects dormantAfterDays %p, which is not above atRiskAfterDays (90)',
    (dormantAfterDays) => {
      given()
        .when(withLifecycle({ dormantAfterDays }))
        .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'lifecycle.dormantAfterDays' });
    },
  );

  it.each([[1], [11], [2.5]])('rejects %p RFM buckets, which is not an integer from 2 to 10', (buckets) => {
    given()
      .when(changePolicy({ rfm: { buckets } }))
      .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'rfm.buckets' });
  });

  it.each([2, 10])('accepts %p RFM buckets', (buckets) => {
    given()
      .when(changePolicy({ rfm: { buckets } }))
      .then([policyChanged({ policy: { ...DEFAULT_SEGMENTATION_POLICY, rfm: { buckets } } })]);
  });

  it('rejects a policy without its lifecycle section', () => {
    given()
      .when(changePolicy({ lifecycle: undefined as never }))
      .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'lifecycle' });
  });

  it('rejects a change time that is not an ISO-8601 date-time', () => {
    given()
      .when(changePolicy({ changedAt: '2024-01-01' }))
      .thenRejects({ kind: 'invalid', code: 'INVALID_TIMESTAMP', field: 'changedAt' });
  });

  it('remembers the live policy and its version', () => {
    const policy = { ...DEFAULT_SEGMENTATION_POLICY, rfm: { buckets: 4 } };
    expect(
      foldEvents(segmentationPolicyDecider, [policyChanged(), policyChanged({ version: 2, policy })]),
    ).toEqual({
      version: 2,
      policy,
    });
    expect(initialSegmentationPolicyState()).toEqual({ version: 0, policy: null });
  });
});
