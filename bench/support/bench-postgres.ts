import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { MigrationInterface } from 'typeorm';
import {
  ensureDatabase,
  runMigrations,
  startEmbeddedPostgres,
  withDatabase,
  type RunningPostgres,
} from '@crm/platform';
import { freePort } from './free-port';
import { say } from './progress';

export interface BenchServer {
  /** Connection string of the server's `postgres` database. */
  url: string;
  source: 'embedded' | 'BENCH_DATABASE_URL';
  version: string;
  /** Whether pg_stat_statements is loaded (only with --profile on the embedded server). */
  statStatements: boolean;
  stop(): Promise<void>;
}

const serverVersion = async (url: string): Promise<string> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
};

/**
 * The PostgreSQL server every section uses: BENCH_DATABASE_URL when given, otherwise an embedded
 * server started here in a temporary folder on a free port (as the tests' global setup does). With
 * `statStatements` the embedded server is restarted once with pg_stat_statements preloaded.
 */
export async function startBenchServer(options: {
  databaseUrl?: string;
  statStatements: boolean;
}): Promise<BenchServer> {
  if (options.databaseUrl) {
    const url = withDatabase(options.databaseUrl, 'postgres');
    return {
      url,
      source: 'BENCH_DATABASE_URL',
      version: await serverVersion(url),
      statStatements: false,
      stop: async () => undefined,
    };
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'crm-bench-pg-'));
  await chmod(parent, 0o755); // the server runs as the unprivileged postgres user when we are root
  const dataDir = path.join(parent, 'data');
  const port = await freePort();
  let pg: RunningPostgres = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  let statStatements = false;
  if (options.statStatements) {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    await client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await client.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
    // Planning time too: for short statements it can cost more than running them.
    await client.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
    await client.end();
    await pg.stop();
    pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    statStatements = true;
  }
  say(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
  return {
    url: pg.url,
    source: 'embedded',
    version: await serverVersion(pg.url),
    statStatements,
    stop: async () => {
      await pg.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/** A fresh database `bench_<name>` on the bench server (dropped first when it exists), migrated. */
export async function createBenchDatabase(
  server: BenchServer,
  name: string,
  migrations: Array<new () => MigrationInterface>,
): Promise<string> {
  const database = `bench_${name}`;
  await dropBenchDatabase(server, database);
  const url = withDatabase(server.url, database);
  await ensureDatabase(url);
  await runMigrations(url, migrations);
  return url;
}

export async function dropBenchDatabase(server: BenchServer, database: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(database)) throw new Error(`not a bench database: ${database}`);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
