import { mintToken, type UserRole } from '@crm/platform';
import { TEST_JWT_SECRET } from './auth-secret';

export { TEST_JWT_SECRET };

/** Configuration overrides that make an API verify tokens signed with TEST_JWT_SECRET. */
export const TEST_AUTH_CONFIG: Readonly<Record<string, string>> = Object.freeze({
  AUTH_JWT_SECRET: TEST_JWT_SECRET,
});

export interface TestTokenOptions {
  /** Default: `<role>-1` (a rep's sub is their rep id). */
  sub?: string;
  /** A manager's regions (default `["east"]` for managers). */
  regions?: string[];
  /** Lifetime (default 1 h). */
  ttl?: number | string;
}

/** A token for the role, signed with the test secret. */
export const tokenFor = (
  role: UserRole,
  { sub, regions, ttl = '1h' }: TestTokenOptions = {},
): Promise<string> =>
  mintToken(
    {
      sub: sub ?? `${role}-1`,
      role,
      ...(role === 'manager' ? { regions: regions ?? ['east'] } : regions ? { regions } : {}),
    },
    { secret: TEST_JWT_SECRET },
    { ttl },
  );

/** `{ authorization: 'Bearer …' }` for the role (default: an admin). */
export const authHeaders = async (
  role: UserRole = 'admin',
  options: TestTokenOptions = {},
): Promise<Record<string, string>> => ({ authorization: `Bearer ${await tokenFor(role, options)}` });
