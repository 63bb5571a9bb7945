import type { Principal } from '@crm/platform';

/** Which customers a principal may list: a rep their own, a manager their regions', an admin all. */
export interface CustomerScope {
  ownerRepId?: string;
  regions?: readonly string[];
}

export const customerScopeOf = (principal: Principal): CustomerScope =>
  principal.role === 'rep'
    ? { ownerRepId: principal.userId }
    : principal.role === 'manager'
      ? { regions: principal.regions ?? [] }
      : {};

/** The regions a manager's audit and analytics are limited to; undefined = no limit (admin). */
export const regionScopeOf = (principal: Principal): readonly string[] | undefined =>
  principal.role === 'admin' ? undefined : (principal.regions ?? []);
