import { authHeaders, TEST_AUTH_CONFIG } from '@crm/testing';

/**
 * The one place the fault, fuzz and soak runs decide how they authenticate, on the test suite's
 * own helper: the apps they start verify HS256 tokens signed with the test secret (`AUTH_ENV`), and
 * every request carries an admin token (`requestHeaders`). Call `prepareCredentials()` once before
 * the first request.
 */
export const AUTH_ENV: Readonly<Record<string, string>> = TEST_AUTH_CONFIG;

let credentials: Record<string, string> | null = null;

/** Signs the admin token every request sends (valid for hours: longer than any run). */
export async function prepareCredentials(): Promise<void> {
  credentials ??= await authHeaders('admin', { sub: 'fault-tester', ttl: '6h' });
}

/** Headers of an authenticated request, plus `extra`. */
export const requestHeaders = (extra: Record<string, string> = {}): Record<string, string> => {
  if (!credentials) throw new Error('prepareCredentials() must run before the first request');
  return { ...credentials, ...extra };
};

/** Environment for a spawned app process: the parent's, the test secret, and `extra`. */
export const appProcessEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  ...AUTH_ENV,
  ...extra,
});
