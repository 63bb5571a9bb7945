import type { SegmentationPolicy } from '@crm/events';

/** What the policy rules need to know about the policy stream. */
export interface SegmentationPolicyState {
  /** Version of the live policy; 0 = none changed yet (the default policy applies). */
  version: number;
  /** The live policy; null until the first change. */
  policy: SegmentationPolicy | null;
}

export const initialSegmentationPolicyState = (): SegmentationPolicyState => ({ version: 0, policy: null });
