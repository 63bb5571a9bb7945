import type { RunningPostgres } from '@crm/platform';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __embeddedPostgres?: RunningPostgres }).__embeddedPostgres;
  await pg?.stop();
}
