import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@crm/platform';
import { regionScopeOf } from './customer-scope';

/**
 * The regions an analytics answer is limited to: a manager's (from the token), or undefined for an
 * admin (the whole company). Reps never get here (the analytics controllers are manager/admin
 * only); should one, they are limited to no region at all rather than to none of them.
 *
 * A manager naming a region outside theirs in the `region` filter is refused with 403
 * OUTSIDE_YOUR_REGION rather than answered empty: an empty answer would read as "nothing happened
 * there", which the manager cannot know.
 */
export const analyticsRegionsOf = (
  principal: Principal,
  requested?: { field: string; region: string | undefined },
): readonly string[] | undefined => {
  const regions = regionScopeOf(principal);
  if (regions === undefined || requested?.region === undefined) return regions;
  if (!regions.includes(requested.region)) {
    const message = `The region "${requested.region}" is not one of yours (${regions.join(', ') || 'none'})`;
    throw new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message,
      code: 'OUTSIDE_YOUR_REGION',
      errors: [{ field: requested.field, message }],
    });
  }
  return regions;
};
