/** What the plan rules need to know about one period's plan stream. */
export interface PlanState {
  /** The period of the stream; null until a plan was set. */
  period: string | null;
  /** Revision of the plan set last; 0 = none yet. */
  revision: number;
  /** The regions the rules of the plan set last are for (each once); none yet: empty. */
  ruleRegions: readonly string[];
}

export const initialPlanState = (): PlanState => ({ period: null, revision: 0, ruleRegions: [] });
