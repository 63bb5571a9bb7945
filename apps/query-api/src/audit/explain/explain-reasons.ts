const DAY_MS = 86_400_000;

/** Days from `from` to `to` with two decimals ("12.25"); null without `from`. */
export const daysBetween = (from: Date | null, to: Date): string | null =>
  from === null ? null : ((to.getTime() - from.getTime()) / DAY_MS).toFixed(2);

/** "ceil(5% × 41) = 3": the rule that gives a cut-off rank. */
export const cutoffRule = (percent: number, population: number, rank: number): string =>
  `ceil(${percent}% × ${population}) = ${rank}`;

export interface AbcPosition {
  abcClass: string;
  rank: number;
  population: number;
  aCutoff: number;
  abCutoff: number;
}

/** Why a rank falls into its class, in words. */
export const abcReason = ({ abcClass, rank, population, aCutoff, abCutoff }: AbcPosition): string => {
  const of = `rank ${rank} of ${population}`;
  if (abcClass === 'A') return `${of} ≤ ${aCutoff} (A cut-off) → A`;
  if (abcClass === 'B') return `${of} > ${aCutoff} (A cut-off) and ≤ ${abCutoff} (A+B cut-off) → B`;
  return `${of} > ${abCutoff} (A+B cut-off) → C`;
};

export interface StageFacts {
  stage: string;
  thresholds: { newWithinDays: number; atRiskAfterDays: number; dormantAfterDays: number };
  daysSinceFirstOrder: string | null;
  daysSinceLastOrder: string | null;
  daysSinceReactivation: string | null;
}

/**
 * The rule of read_models.lifecycle_stage that put the customer in its stage, checked in the same
 * order: prospect, dormant, at_risk, reactivated, new, active.
 */
export const stageReason = (f: StageFacts): string => {
  const t = f.thresholds;
  const last = `last order ${f.daysSinceLastOrder} days before asOf`;
  switch (f.stage) {
    case 'prospect':
      return 'no live order at or before asOf';
    case 'dormant':
      return `${last} ≥ dormantAfterDays ${t.dormantAfterDays}`;
    case 'at_risk':
      return `${last} ≥ atRiskAfterDays ${t.atRiskAfterDays}, < dormantAfterDays ${t.dormantAfterDays}`;
    case 'reactivated':
      return (
        `ordered again ${f.daysSinceReactivation} days before asOf after a gap longer than ` +
        `dormantAfterDays ${t.dormantAfterDays}; < newWithinDays ${t.newWithinDays} since, ` +
        `${last} < atRiskAfterDays ${t.atRiskAfterDays}`
      );
    case 'new':
      return (
        `first order ${f.daysSinceFirstOrder} days before asOf < newWithinDays ${t.newWithinDays}, ` +
        `${last} < atRiskAfterDays ${t.atRiskAfterDays}`
      );
    case 'active':
      return (
        `first order ${f.daysSinceFirstOrder} days before asOf ≥ newWithinDays ${t.newWithinDays}, ` +
        `${last} < atRiskAfterDays ${t.atRiskAfterDays}`
      );
    default:
      return `stage ${f.stage}`;
  }
};
