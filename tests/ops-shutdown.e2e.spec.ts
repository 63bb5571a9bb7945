import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, waitFor, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';

/**
 * Graceful shutdown: a command in flight when the API is told to stop still completes (and its
 * events are stored); new connections are refused meanwhile. A lock on the events table holds the
 * command inside the database for as long as the test needs.
 */
const root = path.resolve(__dirname, '..');
let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('ops_shutdown', PROJECTOR_MIGRATIONS);
  store = new PostgresEventStore({ connectionString: db.url });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Holds every read and write of the event store until `release()`. */
async function lockEvents(): Promise<{ waiting(): Promise<number>; release(): Promise<void> }> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE event_store.events IN ACCESS EXCLUSIVE MODE');
  return {
    waiting: async () =>
      (
        await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'event_store.events'::regclass`,
        )
      ).rows[0]!.n,
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

const onboard = async (port: number, repId: string) =>
  fetch(`http://127.0.0.1:${port}/reps`, {
    method: 'POST',
    headers: {
      ...(await authHeaders()),
      'content-type': 'application/json',
      'x-correlation-id': `drain-${repId}`,
    },
    body: JSON.stringify({ repId, name: 'Li Wei', region: 'east' }),
  });

/** A request the app refused: no connection, or a 503 while it closes. */
const refused = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health/live`).then(
    (r) => r.status === 503,
    () => true,
  );

describe('graceful shutdown', () => {
  it('closing the app lets an in-flight command finish, refuses new requests, then closes', async () => {
    const app = await createCommandApi({ DATABASE_URL: db.url }, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const lock = await lockEvents();
    let released = false;
    try {
      const inFlight = onboard(port, 'rep-drain-1');
      await waitFor(lock.waiting, (n) => n > 0, { what: 'the command to wait for the lock' });
      let closed = false;
      const closing = app.close().then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(closed).toBe(false); // still draining
      expect(await refused(port)).toBe(true);
      await lock.release();
      released = true;
      const response = await inFlight;
      expect(response.status).toBe(201);
      expect(response.headers.get('x-correlation-id')).toBe('drain-rep-drain-1');
      // The drained answer ends its keep-alive connection, so the close does not wait for it to idle out.
      expect(response.headers.get('connection')).toBe('close');
      const answeredAt = Date.now();
      await closing;
      expect(Date.now() - answeredAt).toBeLessThan(2000);
    } finally {
      if (!released) await lock.release();
    }
    expect(await store.readStream('rep-rep-drain-1')).toHaveLength(1);
  }, 60_000);

  it('with SHUTDOWN_GRACE_MS, a SIGTERM first turns readiness to 503 while the app keeps serving', async () => {
    const app = await createCommandApi({ DATABASE_URL: db.url, SHUTDOWN_GRACE_MS: 1500 }, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    // What enableShutdownHooks does on SIGTERM (the signal decides whether the grace applies).
    const closing = (app as unknown as { close(signal: string): Promise<void> }).close('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'shutting_down' });
    // Still serving: load balancers take it out of rotation before it stops accepting.
    expect((await onboard(port, 'rep-grace-1')).status).toBe(201);
    await closing;
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it('on SIGTERM the command-api process drains its in-flight command before it exits', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(root, 'apps/command-api/src/main.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'),
          DATABASE_URL: db.url,
          COMMAND_API_PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: Array<Record<string, unknown>> = [];
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitFor(
        async () => lines.some((l) => String(l.msg).startsWith('command-api listening')),
        Boolean,
        { what: 'the command API to listen', timeoutMs: 60_000, intervalMs: 100 },
      );
      const lock = await lockEvents();
      try {
        const inFlight = onboard(port, 'rep-drain-2');
        await waitFor(lock.waiting, (n) => n > 0, { what: 'the command to wait for the lock' });
        child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        expect(child.exitCode).toBeNull(); // still draining
        await lock.release();
        const response = await inFlight;
        expect(response.status).toBe(201);
      } catch (error) {
        await lock.release().catch(() => undefined);
        throw error;
      }
      const exit = await exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(await store.readStream('rep-rep-drain-2')).toHaveLength(1);
    // Its log is JSON lines; the drained request's line carries its correlation id.
    expect(lines).toContainEqual(
      expect.objectContaining({ app: 'command-api', correlationId: 'drain-rep-drain-2', statusCode: 201 }),
    );
  }, 90_000);
});
