import type { CustomerState } from '@crm/domain';
import { coversRegion, type Principal } from '@crm/platform';
import { AccessDeniedError, type StreamAccess } from '../application/stream-access';

const outsideRegion = (region: string | undefined) =>
  new AccessDeniedError(
    'OUTSIDE_YOUR_REGION',
    `The customer is in region ${region ?? '(none)'}, which is not one of your regions`,
  );

/** The customer as it is: admin always; a rep when they own it; a manager when it is in their regions. */
const mayActOn = (principal: Principal, state: CustomerState): AccessDeniedError | null => {
  // An unknown customer: the decider answers 404 (or registers it); nothing to protect yet.
  if (principal.role === 'admin' || !state.registered) return null;
  if (principal.role === 'rep') {
    return state.ownerRepId === principal.userId
      ? null
      : new AccessDeniedError('NOT_YOUR_CUSTOMER', 'You do not own this customer');
  }
  return coversRegion(principal, state.profile?.region) ? null : outsideRegion(state.profile?.region);
};

/** Commands about an existing customer (contacts, visits, opportunities, orders, payments). */
export const customerAccess =
  (principal: Principal): StreamAccess<CustomerState> =>
  (state) =>
    mayActOn(principal, state);

/**
 * Registration: a manager registers in their regions only; a rep registers customers they will
 * own (the controller records the rep as owner in the same append). Registering an id that exists
 * is the decider's 409, unless the customer is someone else's (403, which tells less).
 */
export const registerCustomerAccess =
  (principal: Principal, region: string): StreamAccess<CustomerState> =>
  (state) => {
    if (state.registered) return mayActOn(principal, state);
    if (principal.role === 'manager' && !coversRegion(principal, region)) return outsideRegion(region);
    return null;
  };

/** A profile change: as for any command, and a manager cannot move a customer out of their regions. */
export const updateProfileAccess =
  (principal: Principal, newRegion: string | undefined): StreamAccess<CustomerState> =>
  (state) =>
    mayActOn(principal, state) ??
    (principal.role === 'manager' && newRegion !== undefined && !coversRegion(principal, newRegion)
      ? outsideRegion(newRegion)
      : null);

/** Ownership moves are a manager's (in their regions) or an admin's decision, never a rep's. */
export const assignOwnerAccess =
  (principal: Principal): StreamAccess<CustomerState> =>
  (state) =>
    principal.role === 'rep'
      ? new AccessDeniedError('FORBIDDEN', 'Only a manager or an admin assigns a customer’s owner')
      : mayActOn(principal, state);
