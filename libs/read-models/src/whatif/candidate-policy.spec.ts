import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { candidatePolicyOf } from './candidate-policy';

const policy = DEFAULT_SEGMENTATION_POLICY;

describe('the policy inside a candidate document', () => {
  it('is the document itself when it is a policy', () => {
    expect(candidatePolicyOf(policy)).toBe(policy);
  });

  it('is the policy of SegmentationPolicyChanged data, or of the whole event', () => {
    expect(candidatePolicyOf({ version: 3, policy, changedAt: '2024-01-01T00:00:00Z' })).toBe(policy);
    expect(candidatePolicyOf({ type: 'SegmentationPolicyChanged', data: { version: 3, policy } })).toBe(
      policy,
    );
  });

  it('leaves anything else for the decider to refuse', () => {
    expect(candidatePolicyOf('policy')).toBe('policy');
    expect(candidatePolicyOf({ nothing: 1 })).toEqual({ nothing: 1 });
  });
});
