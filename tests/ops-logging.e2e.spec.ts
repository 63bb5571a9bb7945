import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, testServerUrl, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';
import { TcpProxy } from './ops-support/tcp-proxy';

/**
 * Structured logs and correlation ids: the command API logs JSON lines (pino) through a captured
 * destination; every line about a request carries the request's correlation id, which the answer
 * echoes in `X-Correlation-Id` and the appended events carry in their metadata.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let app: NestFastifyApplication;
let store: PostgresEventStore;
const lines: Array<Record<string, unknown>> = [];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  db = await createTestDatabase('ops_logging', PROJECTOR_MIGRATIONS);
  proxy = await TcpProxy.start(testServerUrl());
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  app = await createCommandApi({ DATABASE_URL: proxy.url(db.url) }, { logDestination: destination });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  store = new PostgresEventStore({ connectionString: db.url });
}, 60_000);

afterAll(async () => {
  await proxy?.restore();
  await app?.close();
  await store?.close();
  await proxy?.cut();
  await db?.drop();
});

const post = async (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers: { ...(await authHeaders()), ...headers } });
const linesOf = (correlationId: string) => lines.filter((l) => l.correlationId === correlationId);

describe('structured logs and correlation ids', () => {
  it('writes the NestJS framework log as JSON lines with level, time, app and context', () => {
    const mapped = lines.find((l) => l.context === 'RouterExplorer');
    expect(mapped).toMatchObject({
      level: 'info',
      app: 'command-api',
      msg: expect.stringMatching(/^Mapped \{\/\w+/),
    });
    expect(new Date(String(mapped!.time)).toISOString()).toBe(mapped!.time);
  });

  it('echoes the client correlation id and logs the request under it', async () => {
    const response = await post(
      '/reps',
      { repId: 'rep-l1', name: 'Li Wei', region: 'east' },
      {
        'x-correlation-id': 'visit-day-7',
      },
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-correlation-id']).toBe('visit-day-7');
    expect(linesOf('visit-day-7')).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        method: 'POST',
        url: '/reps',
        route: '/reps',
        statusCode: 201,
        responseTime: expect.any(Number),
      }),
    ]);
  }, 30_000);

  it('makes a correlation id when the client sends none, and the appended events carry it', async () => {
    const response = await post('/reps', { repId: 'rep-l2', name: 'Ana Silva', region: 'west' });
    expect(response.statusCode).toBe(201);
    const correlationId = String(response.headers['x-correlation-id']);
    expect(correlationId).toMatch(UUID);
    expect(linesOf(correlationId)).toHaveLength(1);
    const [event] = await store.readStream(response.json().streamId);
    expect(event!.metadata.correlationId).toBe(correlationId);
  }, 30_000);

  it('uses the Idempotency-Key as correlation id when no X-Correlation-Id is sent (as the command does)', async () => {
    const response = await post(
      '/reps',
      { repId: 'rep-l3', name: 'Kim Lee', region: 'north' },
      {
        'idempotency-key': 'onboard-rep-l3',
      },
    );
    expect(response.headers['x-correlation-id']).toBe('onboard-rep-l3');
    const [event] = await store.readStream(response.json().streamId);
    expect(event!.metadata).toMatchObject({ commandId: 'onboard-rep-l3', correlationId: 'onboard-rep-l3' });
  }, 30_000);

  it('echoes the id on refused and unknown requests too', async () => {
    const refused = await post('/reps', { repId: 'rep-l4' }, { 'x-correlation-id': 'bad-input-1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['x-correlation-id']).toBe('bad-input-1');
    const unknown = await app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-correlation-id': 'lost-1' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['x-correlation-id']).toBe('lost-1');
    expect(linesOf('lost-1')).toEqual([expect.objectContaining({ statusCode: 404 })]);
  }, 30_000);

  it('tags what the application logs while handling a request with its correlation id', async () => {
    await proxy.cut();
    try {
      const failed = await post(
        '/reps',
        { repId: 'rep-l5', name: 'Mo Chen', region: 'east' },
        {
          'x-correlation-id': 'db-outage-1',
        },
      );
      expect(failed.statusCode).toBe(503); // the database cannot be reached: retry later
    } finally {
      await proxy.restore();
    }
    const logged = linesOf('db-outage-1');
    // The error filter's line (NestJS logger → pino) and Fastify's request line.
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          context: 'HttpErrorFilter',
          msg: expect.stringMatching(/Connection terminated|ECONNREFUSED|connect/),
          stack: expect.stringContaining('\n    at '),
        }),
        expect.objectContaining({ level: 'error', msg: 'request completed', statusCode: 503 }),
      ]),
    );
  }, 30_000);

  it('does not log the probes and scrapes', async () => {
    const before = lines.length;
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(lines.slice(before)).toEqual([]);
  }, 30_000);
});
