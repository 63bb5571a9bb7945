import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { withDatabase } from '@crm/platform';
import {
  createTestDatabase,
  readModelSnapshot,
  resetReadModels,
  waitFor,
  type TestDatabase,
} from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS, startProjector } from '../apps/projector/src/projector.app';
import { AUTH_ENV, prepareCredentials, requestHeaders } from './fault-support/headers';
import { projectionProgress, waitForProjections } from './fault-support/projections';
import { spawnApp, type SpawnedApp } from './fault-support/processes';
import {
  storedCommandCounts,
  workloadCommand,
  workloadSeed,
  type WorkloadCommand,
} from './fault-support/workload';

/**
 * Fault: the projector process is killed with SIGKILL at random moments, 20 times, while commands
 * keep arriving, and restarted each time. Each batch and its checkpoint commit in one transaction,
 * so after the last restart has caught up the read models must equal a clean rebuild of the same
 * log into a fresh database. The kill moments come from a seeded generator: FAULT_SEED repeats a run.
 */
const KILLS = 20;
const SEEDED = 10;
/**
 * The load stops after this many commands: on a slow machine the kills take longer, and an
 * unbounded load would make the catch-up and the rebuild grow with them.
 */
const MAX_COMMANDS = 2_500;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);

/** mulberry32: a small seeded generator, so that a failing run can be repeated. */
const random = (() => {
  let a = SEED >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

let db: TestDatabase;
let rebuildUrl: string | null = null;
let api: NestFastifyApplication | null = null;
const quiet = { log: () => undefined, error: () => undefined };

beforeAll(async () => {
  await prepareCredentials();
  db = await createTestDatabase('ops_faults_projector', PROJECTOR_MIGRATIONS);
  api = await createCommandApi({ DATABASE_URL: db.url, ...AUTH_ENV }, { logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  for (const [url, body] of workloadSeed(SEEDED)) {
    const response = await api.inject({ method: 'POST', url, payload: body, headers: requestHeaders() });
    if (response.statusCode !== 201)
      throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
  if (rebuildUrl) await dropDatabase(rebuildUrl);
  await db?.drop();
});

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(db.url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropDatabase = (url: string) =>
  admin((c) => c.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`));

/** A fresh database holding a copy of the log (and of everything else, which the rebuild empties). */
async function copyOfDatabase(): Promise<string> {
  const name = `${db.name}_rebuild`;
  await admin(async (c) => {
    await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db.name],
    );
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${db.name}`);
  });
  return withDatabase(db.url, name);
}

describe('projector killed with SIGKILL under load', () => {
  it(`after ${KILLS} kills at random moments, the read models equal a clean rebuild`, async () => {
    console.log(`projector kill test: FAULT_SEED=${SEED}`);
    let running = true;
    let next = 0;
    const accepted: WorkloadCommand[] = [];
    const refused: string[] = [];
    const load = async () => {
      while (running && next < MAX_COMMANDS) {
        const command = workloadCommand('kill', next++, SEEDED);
        const response = await api!.inject({
          method: 'POST',
          url: command.url,
          payload: command.body,
          headers: requestHeaders({ 'idempotency-key': command.key }),
        });
        if (response.statusCode === 201) accepted.push(command);
        else refused.push(`${command.key}: ${response.statusCode} ${response.body}`);
        await new Promise((r) => setTimeout(r, 5 + random() * 20));
      }
    };
    const loaders = [load(), load()];

    const env = {
      DATABASE_URL: db.url,
      PROJECTOR_HTTP_PORT: '0',
      PROJECTOR_POLL_INTERVAL_MS: '50',
      PROJECTOR_BATCH_SIZE: '25',
    };
    let midStream = 0;
    let projector: SpawnedApp | null = null;
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const before = await projectionProgress(db.url);
        projector = spawnApp('projector', env);
        // Kill once it has made progress of its own, after a random further moment.
        await waitFor(
          () => projectionProgress(db.url),
          (p) => p.slowest > before.slowest,
          {
            what: `projector run ${kill} to apply a batch`,
            timeoutMs: 60_000,
            intervalMs: 20,
          },
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${projector!.tail()}`);
        });
        await new Promise((r) => setTimeout(r, random() * 400));
        projector.child.kill('SIGKILL');
        const { signal } = await projector.exited;
        expect(signal).toBe('SIGKILL');
        const at = await projectionProgress(db.url);
        if (at.slowest < at.events) midStream++;
      }
    } finally {
      running = false;
      await Promise.all(loaders);
      if (projector) projector.child.kill('SIGKILL');
    }
    console.log(`accepted ${accepted.length} commands; ${midStream} of ${KILLS} kills left events unapplied`);
    expect(refused).toEqual([]);
    expect(midStream).toBeGreaterThan(0); // it really died mid-stream

    // The last restart catches up with the whole log and stops cleanly.
    const last = spawnApp('projector', env);
    try {
      await waitForProjections(db.url);
    } finally {
      await last.stop();
    }
    expect(last.tail()).not.toMatch(/dead.?letter/i);
    const stored = await storedCommandCounts(
      db.url,
      accepted.map((c) => c.key),
    );
    expect(stored.size).toBe(accepted.length);
    const afterKills = await readModelSnapshot(db.url);

    // A clean rebuild of the same log into a fresh database.
    await api!.close();
    api = null;
    rebuildUrl = await copyOfDatabase();
    await resetReadModels(rebuildUrl);
    const rebuild = await startProjector({ DATABASE_URL: rebuildUrl, PROJECTOR_POLL_INTERVAL_MS: 50 }, quiet);
    try {
      await waitForProjections(rebuildUrl);
    } finally {
      await rebuild.stop();
    }
    const clean = await readModelSnapshot(rebuildUrl);
    const registered = accepted.filter((c) => c.kind === 'register');
    expect(clean.customer_summary).toHaveLength(SEEDED + registered.length);
    expect(afterKills).toEqual(clean);
  }, 480_000);
});
