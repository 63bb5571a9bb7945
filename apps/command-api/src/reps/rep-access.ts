import type { RepState } from '@crm/domain';
import { coversRegion, type Principal } from '@crm/platform';
import { AccessDeniedError, type StreamAccess } from '../application/stream-access';

const outsideRegion = (region: string | undefined) =>
  new AccessDeniedError(
    'OUTSIDE_YOUR_REGION',
    `The rep is in region ${region ?? '(none)'}, not one of your regions`,
  );

/**
 * Onboarding, quotas and territories: an admin, or a manager for reps of their regions (a new rep:
 * the region they are onboarded into). Reps reach none of these (`@Roles` refuses them first).
 */
export const repAccess =
  (principal: Principal, onboardingRegion?: string): StreamAccess<RepState> =>
  (state) => {
    if (principal.role === 'admin') return null;
    if (principal.role !== 'manager') {
      return new AccessDeniedError('FORBIDDEN', 'Only a manager or an admin manages reps');
    }
    if (!state.onboarded) {
      // Unknown rep: onboarding checks the new region; other commands get the decider's 404.
      return onboardingRegion === undefined || coversRegion(principal, onboardingRegion)
        ? null
        : outsideRegion(onboardingRegion);
    }
    return coversRegion(principal, state.profile?.region) ? null : outsideRegion(state.profile?.region);
  };
