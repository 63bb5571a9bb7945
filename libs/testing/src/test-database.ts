import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { MigrationInterface } from 'typeorm';
import { ensureDatabase, runMigrations, withDatabase } from '@crm/platform';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server the integration tests use (set by the global setup). */
export const testServerUrl = (): string => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (global setup)');
  return url;
};

/** A fresh database on the test server for one test file, migrated, dropped afterwards. */
export async function createTestDatabase(
  label: string,
  migrations: Array<new () => MigrationInterface>,
): Promise<TestDatabase> {
  const name = `test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(testServerUrl(), name);
  await ensureDatabase(url);
  await runMigrations(url, migrations);
  return {
    url,
    name,
    drop: async () => {
      const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
