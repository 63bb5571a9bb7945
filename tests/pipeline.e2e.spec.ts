import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';
import { startProjector } from '../apps/projector/src/projector.app';
import type { RunningProjector as Projector } from '../apps/projector/src/projector.app';

/**
 * The whole pipeline over HTTP on a real PostgreSQL: command API → event store → projector → read
 * models → query API. The apps run in-process; requests go through Fastify's injection.
 */
let db: TestDatabase;
let commandApi: NestFastifyApplication;
let queryApi: NestFastifyApplication;
let projector: Projector;
let store: PostgresEventStore;

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

/** Every request carries an admin's token. */
let admin: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase('pipeline_e2e', PROJECTOR_MIGRATIONS);
  admin = await authHeaders('admin');
  const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, ...TEST_AUTH_CONFIG };
  commandApi = await ready(await createCommandApi(env, { logger: false }));
  queryApi = await ready(await createQueryApi(env, { logger: false }));
  projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });
  store = new PostgresEventStore({ connectionString: db.url });
});

afterAll(async () => {
  await projector?.stop();
  await commandApi?.close();
  await queryApi?.close();
  await store?.close();
  await db?.drop();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  commandApi.inject({ method: 'POST', url, payload: payload as object, headers: { ...admin, ...headers } });
const get = (url: string) => queryApi.inject({ method: 'GET', url, headers: admin });

// Business times relative to today: the lifecycle stage ("new" within 90 days of the first order)
// is judged against the clock, so fixed dates would age out of it.
const day = (daysAgo: number, hour: number) => {
  const d = new Date();
  d.setUTCHours(hour, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString();
};
const ORDERED_AT = day(1, 10);
const VISITED_AT = day(2, 9);
const PERIOD = ORDERED_AT.slice(0, 7);

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  repId: 'rep-e2e',
  channel: 'direct',
  orderedAt: ORDERED_AT,
  lines: [
    {
      sku: 'TV-55',
      category: 'televisions',
      brand: 'Lumina',
      quantity: 3,
      unitPrice: '0.10',
      listPrice: '0.20',
    },
    { sku: 'CABLE', category: 'accessories', brand: 'Lumina', quantity: 1, unitPrice: '0.20' },
  ],
  ...extra,
});

describe('the pipeline, end to end over HTTP', () => {
  beforeAll(async () => {
    const rep = await post('/reps', { repId: 'rep-e2e', name: 'Li Wei', region: 'east' });
    expect(rep.statusCode).toBe(201);
  });

  it('shows a registered customer, its visit and order, and the rep quota in the query API', async () => {
    const registered = await post('/customers', {
      customerId: 'cust-e2e',
      name: 'Golden Harvest',
      type: 'distributor',
      region: 'east',
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({
      customerId: 'cust-e2e',
      streamId: 'customer-cust-e2e',
      streamVersion: 0,
    });
    expect(registered.json().consistencyToken).toMatch(/^\d+-\d+$/);

    const visit = await post('/customers/cust-e2e/visits', {
      repId: 'rep-e2e',
      channel: 'onsite',
      activityType: 'product demo',
      cost: '35.5',
      visitedAt: VISITED_AT,
    });
    expect(visit.statusCode).toBe(201);
    expect((await post('/customers/cust-e2e/orders', order('o-1'))).statusCode).toBe(201);
    const quota = await post('/reps/rep-e2e/quotas', {
      period: PERIOD,
      targetAmount: '2.00',
      targetVolume: 8,
    });
    expect(quota.statusCode).toBe(201);

    const customer = await waitFor(
      () => get('/customers/cust-e2e'),
      (r) => r.statusCode === 200 && r.json().orderCount === 1 && r.json().visitCount === 1,
      { what: 'the customer to be projected' },
    );
    expect(customer.json()).toMatchObject({
      name: 'Golden Harvest',
      type: 'distributor',
      lifecycleStage: 'new',
      orderCount: 1,
      volume: '4',
      revenue: '0.50', // 3 × 0.10 + 0.20, exact
      lastOrderAt: ORDERED_AT,
      visitCount: 1,
      visitCost: '35.50',
      lastVisitAt: VISITED_AT,
    });

    const quotas = await waitFor(
      () => get('/reps/rep-e2e/quotas'),
      (r) => r.statusCode === 200 && r.json().quotas.length === 1,
      { what: 'the quota to be projected' },
    );
    expect(quotas.json().quotas[0]).toMatchObject({
      period: PERIOD,
      targetAmount: '2.00',
      targetVolume: '8',
      actualAmount: '0.50',
      actualVolume: '4',
      amountAttainment: '0.2500',
      volumeAttainment: '0.5000',
      priceRealisation: '0.5000', // 0.10 sold against a 0.20 list price
    });

    const list = await get('/customers?region=east&type=distributor');
    expect(list.json()).toMatchObject({ total: 1, nextCursor: null });
    expect(list.json().items[0].customerId).toBe('cust-e2e');
  });

  it('refuses invalid input with 400, names the field, and appends nothing', async () => {
    await post('/customers', {
      customerId: 'cust-strict',
      name: 'Strict Ltd',
      type: 'retail',
      region: 'north',
    });
    const before = await store.readStream('customer-cust-strict');
    const cases: Array<[unknown, string]> = [
      [{ ...order('bad-1'), lines: [{ ...order('x').lines[0], quantity: -2 }] }, 'lines[0].quantity'],
      [{ ...order('bad-2'), lines: [{ ...order('x').lines[0], unitPrice: '1.234' }] }, 'lines[0].unitPrice'],
      [{ ...order('bad-3'), lines: [{ ...order('x').lines[0], unitPrice: 1.5 }] }, 'lines[0].unitPrice'],
      [{ ...order('bad-4'), discount: '5' }, 'discount'],
      [{ ...order('bad-5'), lines: [] }, 'lines'],
      [{ ...order('bad-6'), orderedAt: 'yesterday' }, 'orderedAt'],
      [{ ...order('bad-7'), channel: 'carrier-pigeon' }, 'channel'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/customers/cust-strict/orders', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const malformed = await commandApi.inject({
      method: 'POST',
      url: '/customers/cust-strict/orders',
      payload: '{"orderId": ',
      headers: { ...admin, 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(await store.readStream('customer-cust-strict')).toHaveLength(before.length);
  });

  it('answers 404 for an unknown customer or rep and 409 for a broken rule, appending nothing', async () => {
    const unknownCustomer = await post('/customers/nobody/orders', order('o-x'));
    expect(unknownCustomer.statusCode).toBe(404);
    expect(unknownCustomer.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect(await store.readStream('customer-nobody')).toHaveLength(0);

    const unknownRep = await post('/customers/cust-e2e/orders', order('o-y', { repId: 'ghost' }));
    expect(unknownRep.statusCode).toBe(404);
    expect(unknownRep.json().errors).toEqual([expect.objectContaining({ field: 'repId' })]);

    const before = await store.readStream('customer-cust-e2e');
    const duplicate = await post('/customers/cust-e2e/orders', order('o-1'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('ORDER_ALREADY_RECORDED');
    expect(await store.readStream('customer-cust-e2e')).toHaveLength(before.length);
  });

  it('appends a command with a repeated Idempotency-Key once and returns the first result', async () => {
    const headers = { 'idempotency-key': 'register-once-123' };
    const first = await post('/customers', { name: 'Once Only', type: 'retail', region: 'south' }, headers);
    const again = await post('/customers', { name: 'Once Only', type: 'retail', region: 'south' }, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect({ ...again.json(), replayed: false }).toEqual(first.json());
    expect(await store.readStream(first.json().streamId)).toHaveLength(1);
  });

  it('counts each of 50 concurrent accepted orders for one customer exactly once', async () => {
    await post('/customers', { customerId: 'cust-busy', name: 'Busy Buyer', type: 'direct', region: 'west' });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/customers/cust-busy/orders', order(`busy-${i}`, { repId: undefined })),
      ),
    );
    const accepted = responses.filter((r) => r.statusCode === 201).length;
    const conflicts = responses.filter((r) => r.statusCode === 409).length;
    // One process queues commands per stream, so none should exhaust its retries here.
    expect(accepted).toBe(50);
    expect(conflicts).toBe(0);
    const stream = await store.readStream('customer-cust-busy');
    expect(stream.filter((e) => e.type === 'OrderRecorded')).toHaveLength(accepted);
    const customer = await waitFor(
      () => get('/customers/cust-busy'),
      (r) => r.statusCode === 200 && r.json().orderCount === accepted,
      { what: 'all accepted orders to be projected' },
    );
    expect(customer.json().revenue).toBe((accepted * 0.5).toFixed(2));
    console.log(
      `50 concurrent orders on one customer: ${accepted} accepted, ${conflicts} refused after retries`,
    );
  });

  it('resolves conflicts between two command-api instances by deciding again on fresh state', async () => {
    const second = await ready(
      await createCommandApi({ DATABASE_URL: db.url, ...TEST_AUTH_CONFIG }, { logger: false }),
    );
    try {
      await post('/customers', { customerId: 'cust-shared', name: 'Shared', type: 'retail', region: 'west' });
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? commandApi : second).inject({
            method: 'POST',
            url: '/customers/cust-shared/orders',
            payload: order(`shared-${i}`, { repId: undefined }),
            headers: admin,
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
      const stream = await store.readStream('customer-cust-shared');
      expect(stream.map((e) => e.streamVersion)).toEqual(Array.from({ length: 41 }, (_, i) => i));
      const customer = await waitFor(
        () => get('/customers/cust-shared'),
        (r) => r.statusCode === 200 && r.json().orderCount === 40,
        { what: 'orders from both instances to be projected' },
      );
      expect(customer.json().revenue).toBe('20.00');
    } finally {
      await second.close();
    }
  });

  it('serves OpenAPI documents on both APIs', async () => {
    const commandDoc = await commandApi.inject({ method: 'GET', url: '/docs-json' });
    const queryDoc = await queryApi.inject({ method: 'GET', url: '/docs-json' });
    expect(Object.keys(commandDoc.json().paths)).toEqual(
      expect.arrayContaining([
        '/customers',
        '/customers/{id}/visits',
        '/customers/{id}/orders',
        '/reps',
        '/reps/{id}/quotas',
      ]),
    );
    expect(Object.keys(queryDoc.json().paths)).toEqual(
      expect.arrayContaining(['/customers', '/customers/{id}', '/reps/{id}/quotas']),
    );
    expect((await commandApi.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });
});
