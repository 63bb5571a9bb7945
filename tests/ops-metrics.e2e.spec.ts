import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { authHeaders, createTestDatabase, waitFor, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';
import { samples, total } from './ops-support/prometheus-text';

/** `/metrics` of both APIs: process metrics, request latency by command/query, append conflicts. */
let db: TestDatabase;
let commandApi: NestFastifyApplication;
let otherCommandApi: NestFastifyApplication;
let queryApi: NestFastifyApplication;

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

beforeAll(async () => {
  db = await createTestDatabase('ops_metrics', PROJECTOR_MIGRATIONS);
  const env = { DATABASE_URL: db.url };
  commandApi = await ready(await createCommandApi(env, { logger: false }));
  otherCommandApi = await ready(await createCommandApi(env, { logger: false }));
  queryApi = await ready(await createQueryApi(env, { logger: false }));
}, 60_000);

afterAll(async () => {
  await commandApi?.close();
  await otherCommandApi?.close();
  await queryApi?.close();
  await db?.drop();
});

const post = async (app: NestFastifyApplication, url: string, payload: object) =>
  app.inject({ method: 'POST', url, payload, headers: await authHeaders() });
const scrape = async (app: NestFastifyApplication) => {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.body;
};
const visit = (visitedAt: string) => ({
  repId: 'rep-m',
  channel: 'onsite',
  activityType: 'product demo',
  cost: '20.00',
  visitedAt,
});

describe('metrics', () => {
  beforeAll(async () => {
    expect(
      (await post(commandApi, '/reps', { repId: 'rep-m', name: 'Li Wei', region: 'east' })).statusCode,
    ).toBe(201);
    const customer = { customerId: 'cust-m', name: 'Golden Harvest', type: 'distributor', region: 'east' };
    expect((await post(commandApi, '/customers', customer)).statusCode).toBe(201);
    expect((await post(commandApi, '/customers', { ...customer, customerId: 'cust-m2' })).statusCode).toBe(
      201,
    );
    expect((await post(commandApi, '/customers', { customerId: 'bad' })).statusCode).toBe(400);
  }, 60_000);

  it('exposes the process metrics', async () => {
    const text = await scrape(commandApi);
    expect(total(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(total(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(samples(text, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  }, 30_000);

  it('times each command by command, route and status, leaving out the operations endpoints', async () => {
    const text = await scrape(commandApi);
    const created = {
      command: 'CustomerProfile.register',
      route: '/customers',
      method: 'POST',
      status: '201',
    };
    expect(total(text, 'crm_command_duration_seconds_count', created)).toBe(2);
    const sum = total(text, 'crm_command_duration_seconds_sum', created);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(10);
    expect(total(text, 'crm_command_duration_seconds_bucket', { ...created, le: '+Inf' })).toBe(2);
    expect(total(text, 'crm_command_duration_seconds_count', { ...created, status: '400' })).toBe(1);
    expect(
      total(text, 'crm_command_duration_seconds_count', { command: 'Reps.onboard', status: '201' }),
    ).toBe(1);
    expect(samples(text, 'crm_command_duration_seconds_count', { route: '/metrics' })).toEqual([]);
  }, 30_000);

  it('times each query by query, route and status', async () => {
    expect(
      (await queryApi.inject({ method: 'GET', url: '/customers/nobody', headers: await authHeaders() }))
        .statusCode,
    ).toBe(404);
    const text = await scrape(queryApi);
    expect(
      total(text, 'crm_query_duration_seconds_count', {
        query: 'Customers.get',
        route: '/customers/:id',
        method: 'GET',
        status: '404',
      }),
    ).toBe(1);
  }, 30_000);

  it('counts an append conflict when two instances write one stream at the same moment', async () => {
    // Both instances read the stream and decide on the same version; a lock on the events table
    // holds both inserts until both are waiting, so exactly one of them conflicts and decides again.
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE event_store.events IN SHARE ROW EXCLUSIVE MODE');
      const first = post(commandApi, '/customers/cust-m/visits', visit('2026-11-07T10:00:00Z'));
      const second = post(otherCommandApi, '/customers/cust-m/visits', visit('2026-11-07T11:00:00Z'));
      await waitFor(
        async () =>
          (
            await locker.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks
               WHERE NOT granted AND relation = 'event_store.events'::regclass`,
            )
          ).rows[0]!.n,
        (n) => n === 2,
        { what: 'both appends to wait for the lock' },
      );
      await locker.query('COMMIT');
      expect((await first).statusCode).toBe(201);
      expect((await second).statusCode).toBe(201);
    } finally {
      await locker.end();
    }
    const conflicts =
      total(await scrape(commandApi), 'crm_append_conflicts_total', { stream_type: 'customer' }) +
      total(await scrape(otherCommandApi), 'crm_append_conflicts_total', { stream_type: 'customer' });
    expect(conflicts).toBe(1);
  }, 30_000);
});
