import type { SegmentationPolicy, SegmentationPolicyChanged } from '@crm/events';

/**
 * The whole new policy, flat (`abc`, `lifecycle`, `rfm` as in SegmentationPolicy), with the
 * reason and business time of SegmentationPolicyChanged; the decider numbers the versions.
 */
export type ChangeSegmentationPolicy = { type: 'ChangeSegmentationPolicy' } & SegmentationPolicy &
  Omit<SegmentationPolicyChanged['data'], 'version' | 'policy'>;

export type SegmentationPolicyCommand = ChangeSegmentationPolicy;
export type SegmentationPolicyCommandType = SegmentationPolicyCommand['type'];
