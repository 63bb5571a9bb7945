import type { CategoryTarget, QuotaAssigned, RepOnboarded } from '@crm/events';

/** Mirrors RepOnboarded's data; `onboardedAt` is business time supplied by the caller. */
export type OnboardRep = { type: 'OnboardRep' } & RepOnboarded['data'];

/**
 * Mirrors QuotaAssigned's data without `revision` (the decider numbers revisions).
 * `categoryTargets` defaults to []. `correction: true` supersedes the period's current quota;
 * without it a period can be assigned only once.
 */
export type AssignQuota = { type: 'AssignQuota' } & Omit<
  QuotaAssigned['data'],
  'categoryTargets' | 'revision'
> & {
    categoryTargets?: CategoryTarget[];
    correction?: boolean;
  };

export type RepCommand = OnboardRep | AssignQuota;
export type RepCommandType = RepCommand['type'];
