import { abcReason, cutoffRule, daysBetween, stageReason } from './explain-reasons';

const thresholds = { newWithinDays: 90, atRiskAfterDays: 90, dormantAfterDays: 180 };

describe('explain reasons', () => {
  it('counts days between two instants with two decimals', () => {
    expect(daysBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-11T12:00:00Z'))).toBe('10.50');
    expect(daysBetween(null, new Date())).toBeNull();
  });

  it('writes the cut-off rule with the policy percentage and N', () => {
    expect(cutoffRule(5, 41, 3)).toBe('ceil(5% × 41) = 3');
  });

  it('names the cut-offs a rank sits between', () => {
    const at = (abcClass: string, rank: number) =>
      abcReason({ abcClass, rank, population: 41, aCutoff: 3, abCutoff: 9 });
    expect(at('A', 3)).toBe('rank 3 of 41 ≤ 3 (A cut-off) → A');
    expect(at('B', 4)).toBe('rank 4 of 41 > 3 (A cut-off) and ≤ 9 (A+B cut-off) → B');
    expect(at('C', 10)).toBe('rank 10 of 41 > 9 (A+B cut-off) → C');
  });

  it('names the threshold that decided the stage', () => {
    const facts = {
      thresholds,
      daysSinceFirstOrder: '300.00',
      daysSinceLastOrder: '120.00',
      daysSinceReactivation: null,
    };
    expect(stageReason({ ...facts, stage: 'at_risk' })).toBe(
      'last order 120.00 days before asOf ≥ atRiskAfterDays 90, < dormantAfterDays 180',
    );
    expect(stageReason({ ...facts, stage: 'prospect' })).toBe('no live order at or before asOf');
    expect(
      stageReason({ ...facts, stage: 'new', daysSinceFirstOrder: '5.00', daysSinceLastOrder: '5.00' }),
    ).toBe(
      'first order 5.00 days before asOf < newWithinDays 90, last order 5.00 days before asOf < atRiskAfterDays 90',
    );
  });
});
