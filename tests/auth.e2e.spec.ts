import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { PostgresEventStore } from '@crm/event-store';
import { mintToken } from '@crm/platform';
import {
  authHeaders,
  createTestDatabase,
  TEST_AUTH_CONFIG,
  TEST_JWT_SECRET,
  tokenFor,
  type TestDatabase,
} from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';

/**
 * Authentication and authorisation on both APIs: bearer tokens (401 when missing or invalid), the
 * roles' reach (403, nothing appended), the actor taken from the token, and RS256 keys.
 *
 * Cast: rep-1 and rep-2 (east), rep-w (west); a manager of east; an admin. rep-1 registers c-1
 * (and so owns it), the admin registers c-2 for rep-2 and c-w (west) for rep-w.
 */
let db: TestDatabase;
let commandApi: NestFastifyApplication;
let queryApi: NestFastifyApplication;
let projector: RunningProjector;
let store: PostgresEventStore;
let admin: Record<string, string>;
let rep1: Record<string, string>;
let manager: Record<string, string>;
let lastToken = '';

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

const command = async (
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload: object,
  headers: Record<string, string>,
): Promise<LightMyRequestResponse> => {
  const response = await commandApi.inject({ method, url, payload, headers });
  if (response.statusCode === 201) lastToken = response.json().consistencyToken;
  return response;
};
/** A query once the read models have passed the last command. */
const query = (url: string, headers: Record<string, string>) =>
  queryApi.inject({ method: 'GET', url, headers: { ...headers, 'x-consistency-token': lastToken } });

const visit = {
  repId: 'rep-1',
  channel: 'phone',
  activityType: 'call',
  cost: '1.00',
  visitedAt: '2026-11-03T14:30:00Z',
};

/** The request answers 403 with the code, and the stream is exactly as before. */
const expectForbidden = async (
  streamId: string,
  request: () => Promise<LightMyRequestResponse>,
  code: string,
): Promise<void> => {
  const before = await store.readStream(streamId);
  const response = await request();
  expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 403, code });
  expect(await store.readStream(streamId)).toEqual(before);
};

beforeAll(async () => {
  db = await createTestDatabase('auth_e2e', PROJECTOR_MIGRATIONS);
  const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, ...TEST_AUTH_CONFIG };
  commandApi = await ready(await createCommandApi(env, { logger: false }));
  queryApi = await ready(await createQueryApi(env, { logger: false }));
  projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });
  store = new PostgresEventStore({ connectionString: db.url });
  admin = await authHeaders('admin', { sub: 'admin-1' });
  rep1 = await authHeaders('rep', { sub: 'rep-1' });
  manager = await authHeaders('manager', { sub: 'm-east', regions: ['east'] });

  for (const [repId, region] of [
    ['rep-1', 'east'],
    ['rep-2', 'east'],
    ['rep-w', 'west'],
  ]) {
    expect((await command('POST', '/reps', { repId, name: repId, region }, admin)).statusCode).toBe(201);
  }
  const register = (customerId: string, region: string, as: Record<string, string>) =>
    command('POST', '/customers', { customerId, name: customerId, type: 'retail', region }, as);
  expect((await register('c-1', 'east', rep1)).statusCode).toBe(201);
  expect((await register('c-2', 'east', admin)).statusCode).toBe(201);
  expect((await register('c-w', 'west', admin)).statusCode).toBe(201);
  for (const [customerId, repId] of [
    ['c-2', 'rep-2'],
    ['c-w', 'rep-w'],
  ]) {
    const assigned = await command(
      'POST',
      `/customers/${customerId}/owner`,
      { repId, reason: 'setup' },
      admin,
    );
    expect(assigned.statusCode).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await projector?.stop();
  await commandApi?.close();
  await queryApi?.close();
  await store?.close();
  await db?.drop();
});

describe('401: who is asking must be known', () => {
  it.each(['command', 'query'] as const)(
    'the %s API refuses a request without a token, with a Bearer challenge',
    async (which) => {
      const app = which === 'command' ? commandApi : queryApi;
      const response =
        which === 'command'
          ? await app.inject({
              method: 'POST',
              url: '/reps',
              payload: { repId: 'x', name: 'x', region: 'east' },
            })
          : await app.inject({ method: 'GET', url: '/customers' });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });
    },
  );

  it('refuses a bad signature, an expired token, garbage and another scheme', async () => {
    const forged = await mintToken(
      { sub: 'admin-1', role: 'admin' },
      { secret: `${TEST_JWT_SECRET}-forged` },
      { ttl: '1h' },
    );
    const expired = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin-1')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const cases: Array<[string, string]> = [
      [`Bearer ${forged}`, 'TOKEN_INVALID'],
      [`Bearer ${expired}`, 'TOKEN_EXPIRED'],
      ['Bearer not-a-jwt', 'TOKEN_INVALID'],
      [`Basic ${Buffer.from('admin:admin').toString('base64')}`, 'TOKEN_MISSING'],
    ];
    for (const [authorization, code] of cases) {
      const before = await store.readStream('rep-x');
      const response = await commandApi.inject({
        method: 'POST',
        url: '/reps',
        payload: { repId: 'x', name: 'x', region: 'east' },
        headers: { authorization },
      });
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 401, code });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(await store.readStream('rep-x')).toEqual(before);
      expect(
        (await queryApi.inject({ method: 'GET', url: '/customers', headers: { authorization } })).statusCode,
      ).toBe(401);
    }
  });

  it('leaves health, metrics and the OpenAPI documents open, and documents the bearer scheme', async () => {
    for (const app of [commandApi, queryApi]) {
      for (const url of ['/health/live', '/health/ready', '/metrics', '/docs-json', '/docs']) {
        expect({ url, status: (await app.inject({ method: 'GET', url })).statusCode }).toEqual({
          url,
          status: 200,
        });
      }
      const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.security).toEqual([{ bearer: [] }]);
    }
  });
});

describe('command API: the actor and the reach of each role', () => {
  it('records the token’s subject and role as the actor, whatever the X-Actor headers say', async () => {
    const response = await command('POST', '/customers/c-1/visits', visit, {
      ...rep1,
      'x-actor-id': 'mallory',
      'x-actor-role': 'admin',
    });
    expect(response.statusCode).toBe(201);
    const events = await store.readStream('customer-c-1');
    expect(events[events.length - 1]!.metadata.actor).toEqual({ userId: 'rep-1', role: 'rep' });
  });

  it('takes no actor from the body: a body naming one is refused and appends nothing', async () => {
    const before = await store.readStream('customer-c-1');
    const response = await command(
      'POST',
      '/customers/c-1/visits',
      { ...visit, actor: { userId: 'mallory', role: 'admin' } },
      rep1,
    );
    expect(response.statusCode).toBe(400);
    expect(await store.readStream('customer-c-1')).toEqual(before);
  });

  it('makes a rep who registers a customer its owner, in the same append', async () => {
    const events = await store.readStream('customer-c-1');
    expect(events.slice(0, 2).map((e) => [e.type, e.metadata.actor])).toEqual([
      ['CustomerRegistered', { userId: 'rep-1', role: 'rep' }],
      ['CustomerOwnerAssigned', { userId: 'rep-1', role: 'rep' }],
    ]);
    expect(events[1]!.data).toMatchObject({ repId: 'rep-1' });
    expect(events[1]!.metadata.commandId).toBe(events[0]!.metadata.commandId);
  });

  it('refuses a rep on another rep’s customer (403 NOT_YOUR_CUSTOMER) and appends nothing', async () => {
    await expectForbidden(
      'customer-c-2',
      () => command('POST', '/customers/c-2/visits', visit, rep1),
      'NOT_YOUR_CUSTOMER',
    );
    await expectForbidden(
      'customer-c-2',
      () => command('PATCH', '/customers/c-2', { name: 'Taken over' }, rep1),
      'NOT_YOUR_CUSTOMER',
    );
    // Repeating another command's Idempotency-Key on that customer tells nothing either.
    const key = { 'idempotency-key': 'auth-visit-c2' };
    expect(
      (await command('POST', '/customers/c-2/visits', { ...visit, repId: 'rep-2' }, { ...admin, ...key }))
        .statusCode,
    ).toBe(201);
    await expectForbidden(
      'customer-c-2',
      () => command('POST', '/customers/c-2/visits', visit, { ...rep1, ...key }),
      'NOT_YOUR_CUSTOMER',
    );
  });

  it('lets a rep not move ownership, even of their own customer', async () => {
    await expectForbidden(
      'customer-c-1',
      () => command('POST', '/customers/c-1/owner', { repId: 'rep-2', reason: 'gift' }, rep1),
      'FORBIDDEN',
    );
  });

  it('refuses a manager outside their regions (403 OUTSIDE_YOUR_REGION) and accepts them inside', async () => {
    await expectForbidden(
      'customer-c-w',
      () => command('POST', '/customers/c-w/visits', { ...visit, repId: 'rep-w' }, manager),
      'OUTSIDE_YOUR_REGION',
    );
    await expectForbidden(
      'customer-c-x',
      () =>
        command(
          'POST',
          '/customers',
          { customerId: 'c-x', name: 'x', type: 'retail', region: 'west' },
          manager,
        ),
      'OUTSIDE_YOUR_REGION',
    );
    await expectForbidden(
      'customer-c-2',
      () => command('PATCH', '/customers/c-2', { region: 'west' }, manager),
      'OUTSIDE_YOUR_REGION',
    );
    expect(
      (await command('POST', '/customers/c-2/visits', { ...visit, repId: 'rep-2' }, manager)).statusCode,
    ).toBe(201);
    const events = await store.readStream('customer-c-2');
    expect(events[events.length - 1]!.metadata.actor).toEqual({ userId: 'm-east', role: 'manager' });
  });

  it('lets an admin act on every customer', async () => {
    expect(
      (await command('POST', '/customers/c-w/visits', { ...visit, repId: 'rep-w' }, admin)).statusCode,
    ).toBe(201);
  });

  it('keeps reps, quotas and territories to managers of the rep’s region and admins', async () => {
    const quota = { period: '2026-12', targetAmount: '1000.00', targetVolume: 10 };
    await expectForbidden('rep-rep-1', () => command('POST', '/reps/rep-1/quotas', quota, rep1), 'FORBIDDEN');
    await expectForbidden(
      'rep-rep-w',
      () => command('POST', '/reps/rep-w/quotas', quota, manager),
      'OUTSIDE_YOUR_REGION',
    );
    await expectForbidden(
      'rep-rep-n',
      () => command('POST', '/reps', { repId: 'rep-n', name: 'n', region: 'north' }, manager),
      'OUTSIDE_YOUR_REGION',
    );
    expect((await command('POST', '/reps/rep-1/quotas', quota, manager)).statusCode).toBe(201);
  });

  it('keeps contact plans to managers of every region they touch, and admins', async () => {
    const rule = (region: string) => ({
      customerClass: 'A',
      customerType: 'retail',
      region,
      visitsPerMonth: 2,
      activityTypes: ['call'],
      budgetPerVisit: '10.00',
    });
    await expectForbidden(
      'plan-2026-12',
      () => command('PUT', '/plans/2026-12', { rules: [rule('east')] }, rep1),
      'FORBIDDEN',
    );
    await expectForbidden(
      'plan-2026-12',
      () => command('PUT', '/plans/2026-12', { rules: [rule('east'), rule('west')] }, manager),
      'OUTSIDE_YOUR_REGION',
    );
    expect((await command('PUT', '/plans/2026-12', { rules: [rule('east')] }, manager)).statusCode).toBe(201);
    // The admin adds west; the east manager may no longer replace the plan (it would drop west's rules).
    expect(
      (await command('PUT', '/plans/2026-12', { rules: [rule('east'), rule('west')] }, admin)).statusCode,
    ).toBe(201);
    await expectForbidden(
      'plan-2026-12',
      () => command('PUT', '/plans/2026-12', { rules: [rule('east')] }, manager),
      'OUTSIDE_YOUR_REGION',
    );
  });

  it('keeps segmentation policy changes to admins', async () => {
    const policy = {
      abc: { measure: 'revenue', windowMonths: 12, aPercent: 5, abPercent: 20 },
      lifecycle: { newWithinDays: 90, atRiskAfterDays: 90, dormantAfterDays: 180 },
      rfm: { buckets: 5 },
      reason: 'auth test',
    };
    for (const as of [rep1, manager]) {
      await expectForbidden(
        'policy-segmentation',
        () => command('PUT', '/segmentation-policy', policy, as),
        'FORBIDDEN',
      );
    }
    expect((await command('PUT', '/segmentation-policy', policy, admin)).statusCode).toBe(201);
  });
});

describe('query API: what each role sees', () => {
  const ids = (response: LightMyRequestResponse) =>
    (response.json().items as Array<{ customerId: string }>).map((c) => c.customerId).sort();

  it('lists a rep’s own customers, a manager’s region, everything for an admin', async () => {
    const asRep = await query('/customers', rep1);
    expect(asRep.headers['x-consistency']).toBe('fresh');
    expect(ids(asRep)).toEqual(['c-1']);
    expect(asRep.json().total).toBe(1);
    expect(ids(await query('/customers?owner=rep-2', rep1))).toEqual([]);
    expect(ids(await query('/customers', manager))).toEqual(['c-1', 'c-2']);
    expect(ids(await query('/customers?region=west', manager))).toEqual([]);
    expect(ids(await query('/customers', admin))).toEqual(['c-1', 'c-2', 'c-w']);
  });

  it('answers 403 for one customer outside the reader’s reach, on every customer route', async () => {
    for (const route of ['', '/timeline', '/history', '/explain']) {
      expect((await query(`/customers/c-1${route}`, rep1)).statusCode).toBe(200);
      const other = await query(`/customers/c-2${route}`, rep1);
      expect({ route, status: other.statusCode, code: other.json().code }).toEqual({
        route,
        status: 403,
        code: 'NOT_YOUR_CUSTOMER',
      });
      const west = await query(`/customers/c-w${route}`, manager);
      expect({ route, status: west.statusCode, code: west.json().code }).toEqual({
        route,
        status: 403,
        code: 'OUTSIDE_YOUR_REGION',
      });
      expect((await query(`/customers/c-w${route}`, admin)).statusCode).toBe(200);
    }
    expect((await query('/customers/nobody', rep1)).statusCode).toBe(404);
  });

  it('keeps a rep to their own quotas, and analytics and the audit trail to managers and admins', async () => {
    expect((await query('/reps/rep-1/quotas', rep1)).statusCode).toBe(200);
    expect((await query('/reps/rep-2/quotas', rep1)).statusCode).toBe(403);
    expect((await query('/reps/rep-w/quotas', manager)).statusCode).toBe(403);
    for (const url of ['/analytics/abc', '/analytics/receivables?by=region', '/audit']) {
      expect({ url, status: (await query(url, rep1)).statusCode }).toEqual({ url, status: 403 });
      expect({ url, status: (await query(url, manager)).statusCode }).toEqual({ url, status: 200 });
    }
  });

  it('limits a manager’s audit search and export to the customers of their regions', async () => {
    const customersOf = (items: Array<{ customerId: string }>) =>
      [...new Set(items.map((i) => i.customerId))].sort();
    expect(customersOf((await query('/audit?limit=500', manager)).json().items)).toEqual(['c-1', 'c-2']);
    expect(customersOf((await query('/audit?limit=500', admin)).json().items)).toEqual(['c-1', 'c-2', 'c-w']);
    const exported = await query('/audit/export?format=ndjson', manager);
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customerId: string });
    expect(customersOf(lines)).toEqual(['c-1', 'c-2']);
  });

  it('keeps what-if runs to admins: a manager cannot start, list or promote', async () => {
    expect((await queryApi.inject({ method: 'GET', url: '/whatif/runs', headers: manager })).statusCode).toBe(
      403,
    );
    const promote = await queryApi.inject({
      method: 'POST',
      url: '/whatif/runs/1/promote',
      payload: {},
      headers: manager,
    });
    expect({ status: promote.statusCode, code: promote.json().code }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const start = await queryApi.inject({
      method: 'POST',
      url: '/whatif/runs',
      payload: {},
      headers: manager,
    });
    expect(start.statusCode).toBe(403);
    expect((await queryApi.inject({ method: 'GET', url: '/whatif/runs', headers: admin })).statusCode).toBe(
      200,
    );
  });
});

describe('configuration', () => {
  it('refuses to start without a key unless authentication is disabled', async () => {
    await expect(
      createCommandApi({ DATABASE_URL: db.url, AUTH_JWT_SECRET: '' }, { logger: false }),
    ).rejects.toThrow(/AUTH_JWT_SECRET.*AUTH_JWT_PUBLIC_KEY/);
  });

  it('verifies RS256 tokens with a configured public key and refuses HS256 ones there', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const app = await ready(
      await createCommandApi(
        { DATABASE_URL: db.url, AUTH_JWT_SECRET: '', AUTH_JWT_PUBLIC_KEY: await exportSPKI(publicKey) },
        { logger: false },
      ),
    );
    try {
      const onboard = (authorization: string, repId: string) =>
        app.inject({
          method: 'POST',
          url: '/reps',
          payload: { repId, name: 'RS', region: 'east' },
          headers: { authorization },
        });
      const hs = await onboard(`Bearer ${await tokenFor('admin')}`, 'rep-hs');
      expect({ status: hs.statusCode, code: hs.json().code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
      expect(await store.readStream('rep-rep-hs')).toEqual([]);
      const rs = await mintToken(
        { sub: 'admin-rs', role: 'admin' },
        { privateKeyPem: await exportPKCS8(privateKey) },
        { ttl: '5m' },
      );
      expect((await onboard(`Bearer ${rs}`, 'rep-rs')).statusCode).toBe(201);
      const [event] = await store.readStream('rep-rep-rs');
      expect(event!.metadata.actor).toEqual({ userId: 'admin-rs', role: 'admin' });
    } finally {
      await app.close();
    }
  });
});
