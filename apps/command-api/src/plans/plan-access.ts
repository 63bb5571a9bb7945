import type { PlanState } from '@crm/domain';
import { coversRegion, type Principal } from '@crm/platform';
import { AccessDeniedError, type StreamAccess } from '../application/stream-access';

/**
 * A contact plan replaces the period's plan as a whole, so a manager may set it only when every
 * rule of the new plan and of the plan it replaces is for one of their regions (they cannot drop
 * or rewrite another region's rules). An admin may always.
 */
export const planAccess =
  (principal: Principal, regions: readonly string[]): StreamAccess<PlanState> =>
  (state) => {
    if (principal.role === 'admin') return null;
    if (principal.role !== 'manager') {
      return new AccessDeniedError('FORBIDDEN', 'Only a manager or an admin sets contact plans');
    }
    const touched = [...regions, ...state.ruleRegions];
    const outside = [...new Set(touched.filter((r) => !coversRegion(principal, r)))];
    return outside.length === 0
      ? null
      : new AccessDeniedError(
          'OUTSIDE_YOUR_REGION',
          `The plan has rules for regions outside yours (${outside.join(', ')}); an admin sets it`,
        );
  };
