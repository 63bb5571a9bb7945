// Bounded soak (`npm run soak`): the whole system on a PostgreSQL of its own, commands driven at a
// fixed rate with queries running alongside, then proof that accepted == stored == projected.
// SOAK_RATE (commands/s, default 50), SOAK_SECONDS (default 60), SOAK_QUERY_WORKERS (default 2),
// SOAK_DATABASE_URL (a server to use instead of an embedded one). Exits non-zero on a mismatch or a
// failed request.
import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, withDatabase } from '@crm/platform';
import { prepareCredentials, requestHeaders } from '../fault-support/headers';
import { projectionProgress, waitForProjections } from '../fault-support/projections';
import { freePort, spawnApp, waitForHttp, type SpawnedApp } from '../fault-support/processes';
import {
  storedCommandCounts,
  workloadCommand,
  workloadSeed,
  type WorkloadCommand,
} from '../fault-support/workload';
import { RequestStats, since } from './soak-stats';

const settings = () => {
  const int = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    rate: int('SOAK_RATE', 50),
    seconds: int('SOAK_SECONDS', 60),
    queryWorkers: int('SOAK_QUERY_WORKERS', 2),
    databaseUrl: process.env.SOAK_DATABASE_URL,
  };
};

const SEEDED = 50;
/** Commands in flight beyond which the driver stops sending: the rate is then not held. */
const MAX_IN_FLIGHT = 500;
const say = (line: string) => process.stdout.write(`[soak] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface System {
  databaseUrl: string;
  commandUrl: string;
  queryUrl: string;
  stop(): Promise<void>;
}

async function startSystem(serverUrl: string | undefined): Promise<System> {
  let stopServer = async () => undefined;
  if (!serverUrl) {
    const parent = await mkdtemp(path.join(tmpdir(), 'crm-soak-pg-'));
    await chmod(parent, 0o755); // the server runs as the unprivileged postgres user when we are root
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(parent, 'data'),
      port: await freePort(),
      persistent: false,
    });
    serverUrl = pg.url;
    stopServer = async () => {
      await pg.stop();
      await rm(parent, { recursive: true, force: true });
    };
  }
  const databaseUrl = withDatabase(serverUrl, `crm_soak_${Date.now()}`);
  const [commandPort, queryPort, projectorPort] = [await freePort(), await freePort(), await freePort()];
  const common = { DATABASE_URL: databaseUrl, HOST: '127.0.0.1' };
  const apps: SpawnedApp[] = [];
  const stop = async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await stopServer();
  };
  try {
    // The command API first: it creates the database and the event store.
    const command = spawnApp('command-api', { ...common, COMMAND_API_PORT: String(commandPort) });
    apps.push(command);
    await waitForHttp(command, `http://127.0.0.1:${commandPort}/health/ready`);
    const query = spawnApp('query-api', { ...common, QUERY_API_PORT: String(queryPort) });
    const projector = spawnApp('projector', {
      ...common,
      PROJECTOR_HTTP_PORT: String(projectorPort),
      PROJECTOR_POLL_INTERVAL_MS: '100',
    });
    apps.push(query, projector);
    await waitForHttp(query, `http://127.0.0.1:${queryPort}/health/ready`);
    await waitForHttp(projector, `http://127.0.0.1:${projectorPort}/health/live`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    databaseUrl,
    commandUrl: `http://127.0.0.1:${commandPort}`,
    queryUrl: `http://127.0.0.1:${queryPort}`,
    stop,
  };
}

async function sendCommand(base: string, command: Pick<WorkloadCommand, 'url' | 'body'> & { key?: string }) {
  const response = await fetch(`${base}${command.url}`, {
    method: 'POST',
    headers: requestHeaders({
      'content-type': 'application/json',
      ...(command.key ? { 'idempotency-key': command.key } : {}),
    }),
    body: JSON.stringify(command.body),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The read models' counters the workload moves. */
async function projectedCounts(databaseUrl: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ customers: number; orders: number; visits: number }>(
      `SELECT count(*)::int AS customers, coalesce(sum(order_count), 0)::int AS orders,
              coalesce(sum(visit_count), 0)::int AS visits FROM read_models.customer_summary`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const config = settings();
  await prepareCredentials();
  say(`starting: ${config.rate} commands/s for ${config.seconds} s, ${config.queryWorkers} query workers`);
  const system = await startSystem(config.databaseUrl);
  try {
    for (const [url, body] of workloadSeed(SEEDED)) {
      const status = await sendCommand(system.commandUrl, { url, body });
      if (status !== 201) throw new Error(`seeding ${url} answered ${status}`);
    }
    await waitForProjections(system.databaseUrl);
    const seeded = await projectedCounts(system.databaseUrl);

    const commands = new RequestStats();
    const queries = new RequestStats();
    const accepted: WorkloadCommand[] = [];
    const notAccepted: WorkloadCommand[] = [];
    const inFlight = new Set<Promise<void>>();
    let late = 0;
    let driving = true;

    const queryLoop = async (worker: number) => {
      for (let i = worker; driving; i += config.queryWorkers) {
        const customer = `load-c${i % SEEDED}`;
        const url = [
          `/customers?limit=20&sort=revenue&order=desc`,
          `/customers/${customer}`,
          `/customers/${customer}/timeline?limit=20`,
          `/reps/rep-load/quotas`,
        ][i % 4]!;
        const started = performance.now();
        const status = await fetch(`${system.queryUrl}${url}`, {
          headers: requestHeaders(),
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (r) => {
            await r.arrayBuffer();
            return r.status;
          },
          (e: Error) => e.name,
        );
        queries.record(status, since(started));
      }
    };
    const queryLoops = Array.from({ length: config.queryWorkers }, (_, w) => queryLoop(w));

    const total = config.rate * config.seconds;
    const interval = 1000 / config.rate;
    const start = performance.now();
    let nextProgress = 5_000;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(since(start) / interval) + 1);
      for (; sent < due; sent++) {
        if (inFlight.size >= MAX_IN_FLIGHT) {
          late++;
          continue; // dropped: the system does not keep up with the rate
        }
        const command = workloadCommand('soak', sent, SEEDED);
        const started = performance.now();
        const request: Promise<void> = sendCommand(system.commandUrl, command)
          .then(
            (status) => status,
            (e: Error) => e.name,
          )
          .then((status) => {
            commands.record(status, since(started));
            (status === 201 ? accepted : notAccepted).push(command);
            inFlight.delete(request);
          });
        inFlight.add(request);
      }
      if (since(start) >= nextProgress) {
        nextProgress += 5_000;
        const progress = await projectionProgress(system.databaseUrl);
        say(
          `${(since(start) / 1000).toFixed(0)} s: sent ${sent}, accepted ${accepted.length}, failed ${notAccepted.length}, ` +
            `in flight ${inFlight.size}, dropped ${late}; queries ${queries.count}; projection lag ${progress.events - progress.slowest} events`,
        );
      }
      await sleep(Math.max(0, start + sent * interval - performance.now()));
    }
    const sendSeconds = since(start) / 1000;
    await Promise.all(inFlight);
    const answeredSeconds = since(start) / 1000;
    driving = false;
    await Promise.all(queryLoops);

    say('waiting for the projections to catch up');
    const caughtUpAfter = performance.now();
    await waitForProjections(system.databaseUrl, 300_000);
    const catchUpMs = since(caughtUpAfter);

    const stored = await storedCommandCounts(
      system.databaseUrl,
      [...accepted, ...notAccepted].map((c) => c.key),
    );
    const storedAccepted = accepted.filter((c) => stored.get(c.key) === 1).length;
    const storedOthers = notAccepted.filter((c) => stored.has(c.key)).length;
    const projected = await projectedCounts(system.databaseUrl);
    const expected = {
      customers: seeded.customers + accepted.filter((c) => c.kind === 'register').length,
      orders: seeded.orders + accepted.filter((c) => c.kind === 'order').length,
      visits: seeded.visits + accepted.filter((c) => c.kind === 'visit').length,
    };
    const achieved = accepted.length / answeredSeconds;
    const held = late === 0 && notAccepted.length === 0 && achieved >= config.rate * 0.98;

    say('--- result');
    say(`target ${config.rate} commands/s for ${config.seconds} s (${total} commands)`);
    say(
      `sent over ${sendSeconds.toFixed(1)} s, all answered after ${answeredSeconds.toFixed(1)} s; dropped (over ${MAX_IN_FLIGHT} in flight): ${late}`,
    );
    say(`achieved ${achieved.toFixed(1)} accepted commands/s: rate ${held ? 'held' : 'NOT held'}`);
    say(`commands: ${commands.summary()}`);
    say(`queries:  ${queries.summary()}`);
    say(`projections caught up ${(catchUpMs / 1000).toFixed(1)} s after the last answer`);
    say(
      `accepted ${accepted.length}; stored ${storedAccepted} of them (+${storedOthers} not accepted but stored)`,
    );
    say(
      `projected customers ${projected.customers}/${expected.customers}, orders ${projected.orders}/${expected.orders}, ` +
        `visits ${projected.visits}/${expected.visits}`,
    );
    const consistent =
      storedAccepted === accepted.length &&
      storedOthers === 0 &&
      projected.customers === expected.customers &&
      projected.orders === expected.orders &&
      projected.visits === expected.visits;
    const failedRequests = commands.failures + queries.failures;
    say(consistent ? 'accepted == stored == projected' : 'MISMATCH between accepted, stored and projected');
    if (failedRequests > 0) say(`${failedRequests} requests did not answer 2xx`);
    return consistent && failedRequests === 0 ? 0 : 1;
  } finally {
    await system.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
