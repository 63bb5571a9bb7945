import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { withDatabase } from '@crm/platform';
import { waitFor } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { AUTH_ENV, prepareCredentials, requestHeaders } from './fault-support/headers';
import { startPostgresProcess, type PostgresProcess } from './fault-support/postgres-process';
import { freePort } from './fault-support/processes';
import {
  storedCommandCounts,
  workloadCommand,
  workloadSeed,
  type WorkloadCommand,
} from './fault-support/workload';

/**
 * Fault: the PostgreSQL server (event store) is stopped for real while commands flow, then started
 * again on the same port and data folder. The command API keeps running throughout: while the
 * database is down it refuses commands with 503 + Retry-After and reports not ready; once the
 * database is back it serves again without being restarted; every command it accepted is stored,
 * and the refused ones, sent again with their Idempotency-Key, are stored exactly once.
 *
 * The server here is this test's own (not the suite's shared one), since stopping it is the point.
 */
const SEEDED = 8;
const WORKERS = 4;
/** A request must be answered within this bound, outage or not (no hanging on a dead pool). */
const REQUEST_BOUND_MS = 15_000;
const OUTAGE_MS = 3_000;

type Phase = 'before' | 'stopping' | 'down' | 'starting' | 'after';
interface Outcome {
  command: WorkloadCommand;
  /** The phase the request was sent in, and the one it was answered in. */
  phase: Phase;
  answeredIn: Phase;
  status: number | 'timeout' | 'network-error';
  retryAfter: string | null;
  code?: string;
}

let parent: string;
let dataDir: string;
let port: number;
let pg: PostgresProcess | null = null;
let api: NestFastifyApplication;
let base: string;
let databaseUrl: string;

beforeAll(async () => {
  await prepareCredentials();
  parent = await mkdtemp(path.join(tmpdir(), 'crm-fault-pg-'));
  await chmod(parent, 0o755); // the server runs as the unprivileged postgres user when we are root
  dataDir = path.join(parent, 'data');
  port = await freePort();
  pg = await startPostgresProcess(dataDir, port);
  databaseUrl = withDatabase(pg.url, 'crm_faults');
  api = await createCommandApi(
    { DATABASE_URL: databaseUrl, HEALTH_CHECK_TIMEOUT_MS: 500, ...AUTH_ENV },
    { logger: false },
  );
  await api.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  for (const [url, body] of workloadSeed(SEEDED)) {
    const response = await post(url, body);
    if (response.status !== 201)
      throw new Error(`seeding ${url}: ${response.status} ${await response.text()}`);
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
  await pg?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

function post(url: string, body: object, key?: string): Promise<Response> {
  return fetch(`${base}${url}`, {
    method: 'POST',
    headers: requestHeaders({
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    }),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_BOUND_MS),
  });
}

async function send(command: WorkloadCommand, phase: () => Phase): Promise<Outcome> {
  const startedIn = phase();
  try {
    const response = await post(command.url, command.body, command.key);
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return {
      command,
      phase: startedIn,
      answeredIn: phase(),
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      code: body.code,
    };
  } catch (error) {
    const timeout = (error as Error).name === 'TimeoutError';
    return {
      command,
      phase: startedIn,
      answeredIn: phase(),
      status: timeout ? 'timeout' : 'network-error',
      retryAfter: null,
    };
  }
}

const readiness = () =>
  fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) }).then((r) => r.status);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL stopped and restarted under load', () => {
  it('answers 503 while the database is down, recovers by itself, and loses no accepted command', async () => {
    let phase: Phase = 'before';
    let next = 0;
    let running = true;
    const outcomes: Outcome[] = [];
    const worker = async () => {
      while (running) {
        outcomes.push(await send(workloadCommand('pg', next++, SEEDED), () => phase));
        await sleep(10);
      }
    };
    const workers = Array.from({ length: WORKERS }, worker);
    let readyWhileDown: number;
    let answeredWhileDown: number;
    try {
      await waitFor(
        async () => outcomes.filter((o) => o.status === 201).length,
        (n) => n >= 20,
        {
          what: 'commands to flow',
          timeoutMs: 30_000,
        },
      );
      phase = 'stopping';
      await pg!.stop();
      pg = null;
      phase = 'down';
      const downSince = outcomes.length;
      await sleep(OUTAGE_MS);
      readyWhileDown = await readiness();
      answeredWhileDown = outcomes.length - downSince;
      phase = 'starting';
      pg = await startPostgresProcess(dataDir, port);
      phase = 'after';
      // Recovery on its own: the same API instance accepts commands again.
      const recoveredFrom = outcomes.length;
      await waitFor(
        async () =>
          outcomes.slice(recoveredFrom).filter((o) => o.phase === 'after' && o.status === 201).length,
        (n) => n >= 20,
        { what: 'commands to be accepted again after the restart', timeoutMs: 60_000 },
      );
    } finally {
      running = false;
      await Promise.all(workers);
    }
    const readyAfter = await waitFor(readiness, (s) => s === 200, { what: 'readiness after the restart' });

    const byStatus = (list: Outcome[]) =>
      list.reduce<Record<string, number>>(
        (acc, o) => ({ ...acc, [String(o.status)]: (acc[String(o.status)] ?? 0) + 1 }),
        {},
      );
    console.log(
      `outcomes by phase: ${(['before', 'stopping', 'down', 'starting', 'after'] as Phase[])
        .map((p) => `${p} ${JSON.stringify(byStatus(outcomes.filter((o) => o.phase === p)))}`)
        .join(', ')}`,
    );

    // Throughout: accepted or refused as unavailable; never a 500, never a hang, never a dropped connection.
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 503)).toEqual([]);
    const within = (p: Phase) => outcomes.filter((o) => o.phase === p && o.answeredIn === p);
    expect(within('before').filter((o) => o.status !== 201)).toEqual([]);
    // While down: refused with 503, a code and Retry-After; readiness says so too.
    const down = within('down');
    expect(answeredWhileDown).toBeGreaterThan(3);
    expect(down.length).toBeGreaterThan(3);
    expect(down.filter((o) => o.status !== 503)).toEqual([]);
    expect(down.every((o) => o.code === 'SERVICE_UNAVAILABLE' && Number(o.retryAfter) > 0)).toBe(true);
    expect(readyWhileDown).toBe(503);
    expect(readyAfter).toBe(200);

    // Every accepted command is in the store, once.
    const accepted = outcomes.filter((o) => o.status === 201).map((o) => o.command.key);
    const stored = await storedCommandCounts(databaseUrl, accepted);
    expect(accepted.filter((k) => stored.get(k) !== 1)).toEqual([]);

    // A refused command is safe to send again: each is then stored exactly once.
    const refused = outcomes.filter((o) => o.status === 503).map((o) => o.command);
    const retried: Outcome[] = [];
    for (let i = 0; i < refused.length; i += 20)
      retried.push(...(await Promise.all(refused.slice(i, i + 20).map((c) => send(c, () => 'after')))));
    expect(retried.filter((o) => o.status !== 201)).toEqual([]);
    const storedRetries = await storedCommandCounts(
      databaseUrl,
      refused.map((c) => c.key),
    );
    expect(refused.filter((c) => storedRetries.get(c.key) !== 1)).toEqual([]);
  }, 180_000);
});
