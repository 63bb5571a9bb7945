import type { CategoryTarget, QuotaAssigned, RepOnboarded, TerritoryAssigned } from '@crm/events';

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

/**
 * Mirrors TerritoryAssigned's data; `categories` and `brands` default to [] (no restriction).
 * Lists are trimmed and de-duplicated; at least one region is required.
 */
export type AssignTerritory = { type: 'AssignTerritory' } & Omit<
  TerritoryAssigned['data'],
  'categories' | 'brands'
> & {
    categories?: string[];
    brands?: string[];
  };

export type RepCommand = OnboardRep | AssignQuota | AssignTerritory;
export type RepCommandType = RepCommand['type'];
