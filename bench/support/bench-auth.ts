import { mintToken } from '@crm/platform';

/** The HS256 secret the bench's APIs verify with (bench runs only). */
const BENCH_JWT_SECRET = 'bench-run-hs256-secret-not-for-production-0123456789';

/** Settings every app the bench starts gets: it accepts the bench's tokens. */
export const BENCH_AUTH_ENV: Readonly<Record<string, string>> = Object.freeze({
  AUTH_JWT_SECRET: BENCH_JWT_SECRET,
});

let admin: Promise<Record<string, string>> | null = null;

/** `authorization` of an admin (minted once per run, valid longer than any run). */
export const benchAuthHeaders = (): Promise<Record<string, string>> =>
  (admin ??= mintToken({ sub: 'bench', role: 'admin' }, { secret: BENCH_JWT_SECRET }, { ttl: '12h' }).then(
    (token) => ({ authorization: `Bearer ${token}` }),
  ));
