import type { DomainEvent } from '../shared/domain-event';

export const ABC_MEASURES = ['revenue', 'gross_margin'] as const;
export type AbcMeasure = (typeof ABC_MEASURES)[number];

/** The rules customers are classified and staged by (DOMAIN.md, "Segmentation policy"). */
export interface SegmentationPolicy {
  abc: {
    measure: AbcMeasure;
    /** Window [asOf − windowMonths, asOf) by the orders' business time. */
    windowMonths: number;
    /** Share of customers in class A, in percent (default 5). */
    aPercent: number;
    /** Share of customers in classes A and B together, in percent (default 20). */
    abPercent: number;
  };
  lifecycle: {
    /** A customer whose first order is at most this many days old is "new". */
    newWithinDays: number;
    /** No order for longer than this: "at_risk". */
    atRiskAfterDays: number;
    /** No order for longer than this: "dormant". */
    dormantAfterDays: number;
  };
  rfm: {
    /** Number of buckets (quantiles) per R, F and M score. */
    buckets: number;
  };
}

export const DEFAULT_SEGMENTATION_POLICY: SegmentationPolicy = {
  abc: { measure: 'revenue', windowMonths: 12, aPercent: 5, abPercent: 20 },
  lifecycle: { newWithinDays: 90, atRiskAfterDays: 90, dormantAfterDays: 180 },
  rfm: { buckets: 5 },
};

/** Stream `policy-segmentation`; the last one is the live policy. */
export type SegmentationPolicyChanged = DomainEvent<
  'SegmentationPolicyChanged',
  {
    /** 1, 2, … in order of change. */
    version: number;
    policy: SegmentationPolicy;
    reason?: string;
    changedAt: string;
  }
>;

export type SegmentationEvent = SegmentationPolicyChanged;
