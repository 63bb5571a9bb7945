import {
  ABC_MEASURES,
  type SegmentationEvent,
  type SegmentationPolicy,
  type SegmentationPolicyChanged,
} from '@crm/events';
import { assertNever } from '../shared/assert-never';
import type { Decider } from '../shared/decider';
import { invalid } from '../shared/domain-error';
import {
  compact,
  optionalText,
  requireIntegerInRange,
  requireOneOf,
  requireTimestamp,
} from '../shared/validation';
import type { ChangeSegmentationPolicy, SegmentationPolicyCommand } from './segmentation-policy.commands';
import { initialSegmentationPolicyState, type SegmentationPolicyState } from './segmentation-policy.state';

export { initialSegmentationPolicyState };

/** Longest lifecycle threshold, in days (about 27 years). */
export const MAX_LIFECYCLE_DAYS = 10_000;

/**
 * Decides changes of the segmentation policy (stream `policy-segmentation`). Every change is
 * recorded with the next version, the last one is the live policy.
 */
export const decideSegmentationPolicy = (
  command: SegmentationPolicyCommand,
  state: SegmentationPolicyState,
): SegmentationEvent[] => {
  switch (command.type) {
    case 'ChangeSegmentationPolicy':
      return [changeSegmentationPolicy(command, state)];
    default:
      return assertNever(command.type);
  }
};

export const evolveSegmentationPolicy = (
  state: SegmentationPolicyState,
  event: SegmentationEvent,
): SegmentationPolicyState => {
  switch (event.type) {
    case 'SegmentationPolicyChanged':
      return { version: event.data.version, policy: event.data.policy };
    default:
      return assertNever(event.type);
  }
};

export const segmentationPolicyDecider: Decider<
  SegmentationPolicyCommand,
  SegmentationEvent,
  SegmentationPolicyState
> = {
  initialState: initialSegmentationPolicyState,
  decide: decideSegmentationPolicy,
  evolve: evolveSegmentationPolicy,
};

const changeSegmentationPolicy = (
  command: ChangeSegmentationPolicy,
  state: SegmentationPolicyState,
): SegmentationPolicyChanged => ({
  type: 'SegmentationPolicyChanged',
  data: compact({
    version: state.version + 1,
    policy: validPolicy(command),
    reason: optionalText(command.reason, 'reason'),
    changedAt: requireTimestamp(command.changedAt, 'changedAt'),
  }),
});

const validPolicy = (command: ChangeSegmentationPolicy): SegmentationPolicy => {
  const abc = section(command.abc, 'abc');
  const aPercent = percent(abc.aPercent, 'abc.aPercent', 0, 100);
  const abPercent = percent(abc.abPercent, 'abc.abPercent', aPercent, 100);
  const lifecycle = section(command.lifecycle, 'lifecycle');
  const newWithinDays = days(lifecycle.newWithinDays, 'lifecycle.newWithinDays', 1);
  const atRiskAfterDays = days(lifecycle.atRiskAfterDays, 'lifecycle.atRiskAfterDays', 1);
  const dormantAfterDays = days(
    lifecycle.dormantAfterDays,
    'lifecycle.dormantAfterDays',
    atRiskAfterDays + 1,
  );
  const rfm = section(command.rfm, 'rfm');
  return {
    abc: {
      measure: requireOneOf(abc.measure, ABC_MEASURES, 'abc.measure'),
      windowMonths: requireIntegerInRange(abc.windowMonths, 1, 120, 'abc.windowMonths'),
      aPercent,
      abPercent,
    },
    lifecycle: { newWithinDays, atRiskAfterDays, dormantAfterDays },
    rfm: { buckets: requireIntegerInRange(rfm.buckets, 2, 10, 'rfm.buckets') },
  };
};

const section = <T extends object>(value: T, field: string): Partial<Record<keyof T, unknown>> => {
  if (typeof value !== 'object' || value === null) {
    throw invalid('REQUIRED', `${field} is required`, field);
  }
  return value;
};

/** A percentage p with above < p ≤ max (fractions allowed, e.g. 2.5). */
const percent = (value: unknown, field: string, above: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= above || value > max) {
    throw invalid('OUT_OF_RANGE', `${field} must be a number above ${above} and at most ${max}`, field);
  }
  return value;
};

/** A whole number of days from min to MAX_LIFECYCLE_DAYS. */
const days = (value: unknown, field: string, min: number): number =>
  requireIntegerInRange(value, min, Math.max(min, MAX_LIFECYCLE_DAYS), field);
