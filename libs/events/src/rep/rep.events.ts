import type { DomainEvent } from '../shared/domain-event';
import type { Money } from '../shared/money';

export type RepOnboarded = DomainEvent<
  'RepOnboarded',
  {
    repId: string;
    name: string;
    region: string;
    managerId?: string;
    onboardedAt: string;
  }
>;

export interface CategoryTarget {
  category: string;
  targetAmount: Money;
  targetVolume: number;
}

export type QuotaAssigned = DomainEvent<
  'QuotaAssigned',
  {
    repId: string;
    /** "YYYY-MM" for a month or "YYYY-Qn" for a quarter. */
    period: string;
    targetAmount: Money;
    targetVolume: number;
    categoryTargets: CategoryTarget[];
    /** 1 for the first assignment of the period; a correction supersedes with the next revision. */
    revision: number;
  }
>;

/** A rep's territory: regions, product categories and brands (replaces the previous one). */
export type TerritoryAssigned = DomainEvent<
  'TerritoryAssigned',
  {
    repId: string;
    regions: string[];
    categories: string[];
    brands: string[];
    assignedAt: string;
  }
>;

export type RepEvent = RepOnboarded | QuotaAssigned | TerritoryAssigned;
