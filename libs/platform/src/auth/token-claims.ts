import { USER_ROLES, type Principal, type UserRole } from './principal';

/** A claim set the APIs do not accept, with the reason (answered in the 401). */
export class InvalidClaimsError extends Error {
  override readonly name = 'InvalidClaimsError';
}

const SUBJECT = /^[\x21-\x7e]{1,128}$/;
const REGION = /^.{1,100}$/u;

/**
 * The principal a verified token's claims describe: `sub` (1–128 printable ASCII), `role` (rep,
 * manager, admin) and, for a manager, `regions` (a non-empty list). Anything else refuses.
 */
export const principalFromClaims = (claims: Record<string, unknown>): Principal => {
  const { sub, role, regions } = claims;
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) {
    throw new InvalidClaimsError('sub must be 1–128 printable ASCII characters');
  }
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) {
    throw new InvalidClaimsError(`role must be one of ${USER_ROLES.join(', ')}`);
  }
  if (regions !== undefined) {
    if (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string' && REGION.test(r))) {
      throw new InvalidClaimsError('regions must be a list of region names');
    }
  }
  if (role === 'manager' && (!regions || regions.length === 0)) {
    throw new InvalidClaimsError('a manager token must name its regions');
  }
  return {
    userId: sub,
    role: role as UserRole,
    ...(role === 'manager' ? { regions: [...new Set(regions as string[])] } : {}),
  };
};
