// Global setup runs outside Jest's module mapping: import the source by path.
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../../libs/platform/src/database/embedded-postgres';
import { TEST_JWT_SECRET } from '../../libs/testing/src/auth-secret';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Integration tests run against a real PostgreSQL: the server in TEST_DATABASE_URL when given,
 * otherwise an embedded one started here for this run in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  // Every API the tests start (in-process or spawned) verifies the test tokens (@crm/testing authHeaders).
  process.env.AUTH_JWT_SECRET ??= TEST_JWT_SECRET;
  if (process.env.TEST_DATABASE_URL) {
    console.log(`\nintegration tests use TEST_DATABASE_URL (${new URL(process.env.TEST_DATABASE_URL).host})`);
    return;
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'crm-test-pg-'));
  await chmod(parent, 0o755); // the server runs as the unprivileged postgres user
  const port = await freePort();
  const started = Date.now();
  const pg: RunningPostgres = await startEmbeddedPostgres({
    dataDir: path.join(parent, 'data'),
    port,
    persistent: false,
  });
  process.env.TEST_DATABASE_URL = pg.url;
  (globalThis as { __embeddedPostgres?: RunningPostgres }).__embeddedPostgres = pg;
  console.log(`\nembedded PostgreSQL for tests on port ${port} (ready in ${Date.now() - started} ms)`);
}
