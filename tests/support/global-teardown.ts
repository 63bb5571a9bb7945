import type { RunningPostgres } from '../../libs/platform/src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __embeddedPostgres?: RunningPostgres }).__embeddedPostgres;
  await pg?.stop();
}
