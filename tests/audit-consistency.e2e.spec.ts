import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';

/** The audit timeline (read from the event store) and read-your-writes with consistency tokens. */
let db: TestDatabase;
let commandApi: NestFastifyApplication;
let queryApi: NestFastifyApplication;
let projector: RunningProjector | null;
let store: PostgresEventStore;
/** Requests carry an admin's token unless they name another. */
let admin: Record<string, string>;

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  commandApi.inject({ method: 'POST', url, payload, headers: { ...admin, ...headers } });
const get = (url: string, headers: Record<string, string> = {}) =>
  queryApi.inject({ method: 'GET', url, headers: { ...admin, ...headers } });
const quiet = { log: () => undefined, error: (m: string) => console.error(m) };

beforeAll(async () => {
  db = await createTestDatabase('audit_consistency', PROJECTOR_MIGRATIONS);
  admin = await authHeaders('admin');
  commandApi = await ready(
    await createCommandApi({ DATABASE_URL: db.url, ...TEST_AUTH_CONFIG }, { logger: false }),
  );
  queryApi = await ready(
    await createQueryApi(
      { DATABASE_URL: db.url, QUERY_CONSISTENCY_TIMEOUT_MS: 1500, ...TEST_AUTH_CONFIG },
      { logger: false },
    ),
  );
  projector = await startProjector({ DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 1000 }, quiet);
  store = new PostgresEventStore({ connectionString: db.url });
  await post('/reps', { repId: 'rep-a', name: 'Auditor', region: 'north' });
});

afterAll(async () => {
  await projector?.stop();
  await commandApi?.close();
  await queryApi?.close();
  await store?.close();
  await db?.drop();
});

const order = (orderId: string) => ({
  orderId,
  repId: 'rep-a',
  channel: 'direct',
  orderedAt: '2026-10-01T08:00:00Z',
  lines: [{ sku: 'x', category: 'c', brand: 'b', quantity: 2, unitPrice: '5.25' }],
});

describe('customer timeline', () => {
  it('returns exactly the appended events, in order, with who, when and why', async () => {
    // The actor is the token's (a manager of the customer's region).
    const headers = {
      ...(await authHeaders('manager', { sub: 'u-7', regions: ['north'] })),
      'x-correlation-id': 'visit-day-1',
    };
    await post(
      '/customers',
      { customerId: 'c-audit', name: 'Audited', type: 'direct', region: 'north' },
      headers,
    );
    await post(
      '/customers/c-audit/visits',
      {
        repId: 'rep-a',
        channel: 'onsite',
        activityType: 'demo',
        cost: '10',
        visitedAt: '2026-09-30T09:00:00Z',
      },
      headers,
    );
    await post('/customers/c-audit/orders', order('o-1'), { ...headers, 'idempotency-key': 'audit-order-1' });
    const stored = await store.readStream('customer-c-audit');

    const page1 = await get('/customers/c-audit/timeline?limit=2');
    expect(page1.statusCode).toBe(200);
    const page2 = await get(`/customers/c-audit/timeline?limit=2&cursor=${page1.json().nextCursor}`);
    expect(page2.json().nextCursor).toBeNull();
    const items = [...page1.json().items, ...page2.json().items];
    expect(items.map((i: { eventId: string }) => i.eventId)).toEqual(stored.map((e) => e.metadata.eventId));
    expect(items.map((i: { type: string }) => i.type)).toEqual([
      'CustomerRegistered',
      'VisitLogged',
      'OrderRecorded',
    ]);
    expect(items[2]).toMatchObject({
      commandId: 'audit-order-1',
      correlationId: 'visit-day-1',
      actor: { userId: 'u-7', role: 'manager' },
      occurredAt: '2026-10-01T08:00:00.000Z',
      globalPosition: stored[2]!.globalPosition,
    });
  });

  it('answers 404 for a customer with no events and 400 for a cursor it did not issue', async () => {
    expect((await get('/customers/nobody/timeline')).statusCode).toBe(404);
    const bad = await get('/customers/c-audit/timeline?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('cursor');
  });
});

describe('read-your-writes', () => {
  it('waits for the projections to pass the token and says the answer is fresh', async () => {
    await post('/customers', { customerId: 'c-ryw', name: 'Reader', type: 'retail', region: 'north' });
    const written = await post('/customers/c-ryw/orders', order('o-ryw'));
    const token = written.json().consistencyToken as string;
    // The projector polls only once a second here; without the token the order may not show yet.
    const read = await get('/customers/c-ryw', { 'x-consistency-token': token });
    expect(read.statusCode).toBe(200);
    expect(read.headers['x-consistency']).toBe('fresh');
    expect(read.json().orderCount).toBe(1);
    const viaQuery = await get(`/customers/c-ryw?after=${token}`);
    expect(viaQuery.statusCode).toBe(200);
    expect(viaQuery.headers['x-consistency']).toBe('fresh');
    // An endpoint whose query DTO refuses unknown fields still accepts `after`.
    const withDto = await get(`/customers?region=north&after=${token}`);
    expect(withDto.statusCode).toBe(200);
    expect(withDto.headers['x-consistency']).toBe('fresh');
  });

  it('answers within the bound and says stale when the projections are behind', async () => {
    await projector!.stop();
    projector = null;
    const written = await post('/customers', {
      customerId: 'c-stale',
      name: 'Late',
      type: 'retail',
      region: 'north',
    });
    const started = Date.now();
    const read = await get('/customers', { 'x-consistency-token': written.json().consistencyToken });
    expect(read.statusCode).toBe(200);
    expect(read.headers['x-consistency']).toBe('stale');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('refuses a token it did not issue', async () => {
    const read = await get('/customers', { 'x-consistency-token': 'drop table' });
    expect(read.statusCode).toBe(400);
    expect(read.json().errors[0].field).toBe('X-Consistency-Token');
  });
});
