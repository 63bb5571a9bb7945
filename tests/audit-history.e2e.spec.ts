import { startAuditPipeline, type As, type AuditPipeline } from './audit-support/audit-pipeline';
import { foldInTest } from './audit-support/customer-fold';

/**
 * GET /customers/{id}/history: the customer as it was, folded from its own events up to a
 * business time, compared with a fold this test does itself over the same stored events.
 */
let p: AuditPipeline;
let knownAt: string;
/** An admin sends the history's commands: ownership rules are tested in tests/auth.e2e.spec.ts. */
const rep: As = { userId: 'u-rep', role: 'admin' };

const order = (orderId: string, orderedAt: string, quantity: number, unitPrice: string) => ({
  orderId,
  repId: 'rep-h1',
  channel: 'direct',
  orderedAt,
  lines: [{ sku: 'TV', category: 'tv', brand: 'Lumina', quantity, unitPrice }],
});
const visit = (visitedAt: string) => ({
  repId: 'rep-h1',
  channel: 'onsite',
  activityType: 'demo',
  cost: '3.00',
  visitedAt,
});

beforeAll(async () => {
  p = await startAuditPipeline('audit_history_e2e');
  const c = '/customers/c-h1';
  await p.send('POST', '/reps', { repId: 'rep-h1', name: 'First', region: 'east' });
  await p.send('POST', '/reps', { repId: 'rep-h2', name: 'Second', region: 'north' });
  await p.send(
    'POST',
    '/customers',
    {
      customerId: 'c-h1',
      name: 'History Foods',
      type: 'direct',
      region: 'east',
      industry: 'food',
      registeredAt: '2026-01-01T00:00:00Z',
    },
    rep,
  );
  await p.send(
    'POST',
    `${c}/contacts`,
    { contactPersonId: 'p1', name: 'Zhang Min', role: 'buyer', addedAt: '2026-01-05T00:00:00Z' },
    rep,
  );
  await p.send('POST', `${c}/orders`, order('o-1', '2026-01-10T10:00:00Z', 2, '10.05'), rep);
  await p.send('POST', `${c}/visits`, visit('2026-01-12T09:00:00Z'), rep);
  await p.send(
    'POST',
    `${c}/opportunities`,
    {
      opportunityId: 'op-1',
      title: 'Spring restock',
      expectedAmount: '500.00',
      stage: 'proposal',
      openedAt: '2026-01-15T00:00:00Z',
    },
    rep,
  );
  await p.send('POST', `${c}/orders`, order('o-2', '2026-02-01T10:00:00Z', 3, '33.33'), rep);
  await p.send(
    'POST',
    `${c}/payments`,
    { orderId: 'o-1', amount: '20.00', receivedAt: '2026-02-05T00:00:00Z' },
    rep,
  );
  await p.send(
    'POST',
    `${c}/payments`,
    { orderId: 'o-1', amount: '0.01', receivedAt: '2026-02-10T00:00:00Z' },
    rep,
  );
  await p.send('PATCH', c, { region: 'north', updatedAt: '2026-02-15T00:00:00Z' }, rep);
  await p.send(
    'POST',
    `${c}/owner`,
    { repId: 'rep-h1', reason: 'first owner', assignedAt: '2026-02-20T00:00:00Z' },
    rep,
  );
  await p.send('POST', `${c}/opportunities/op-1/win`, { orderId: 'o-2', wonAt: '2026-03-01T00:00:00Z' }, rep);
  await p.send(
    'POST',
    `${c}/opportunities`,
    {
      opportunityId: 'op-2',
      title: 'Trade fair',
      expectedAmount: '80.00',
      stage: 'qualification',
      openedAt: '2026-03-02T00:00:00Z',
    },
    rep,
  );
  await p.send('POST', `${c}/orders`, order('o-3', '2026-03-05T00:00:00Z', 1, '1000.00'), rep);
  await p.send(
    'POST',
    `${c}/orders/o-2/cancel`,
    { reason: 'wrong items', cancelledAt: '2026-03-10T10:00:00Z' },
    rep,
  );
  await p.send('POST', `${c}/visits`, visit('2026-03-15T09:00:00Z'), rep);
  await p.send(
    'POST',
    `${c}/payments`,
    { orderId: 'o-3', amount: '0.99', receivedAt: '2026-03-18T00:00:00Z' },
    rep,
  );
  await p.send(
    'POST',
    `${c}/contacts`,
    { contactPersonId: 'p2', name: 'Li Na', addedAt: '2026-03-16T00:00:00Z' },
    rep,
  );
  await p.send(
    'POST',
    `${c}/opportunities/op-2/lose`,
    { reason: 'price', lostAt: '2026-03-20T00:00:00Z' },
    rep,
  );
  await p.send(
    'POST',
    `${c}/owner`,
    { repId: 'rep-h2', reason: 'territory', assignedAt: '2026-04-01T00:00:00Z' },
    rep,
  );
  await new Promise((r) => setTimeout(r, 20));
  knownAt = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  // A late fact: recorded last, but it happened in January.
  await p.send('POST', `${c}/orders`, order('o-4', '2026-01-20T00:00:00Z', 1, '0.07'), rep);
  await p.settle();
});

afterAll(async () => {
  await p?.close();
});

const apiFold = (body: Record<string, unknown>) => ({
  registered: true,
  eventCount: body.eventCount,
  profile: Object.fromEntries(
    ['name', 'type', 'region', 'industry'].map((k) => [k, (body.profile as Record<string, unknown>)[k]]),
  ),
  ownerRepId: body.ownerRepId,
  orderCount: body.orderCount,
  revenue: body.revenue,
  paid: body.paid,
  outstanding: body.outstanding,
  visitCount: body.visitCount,
  contacts: (body.contacts as Array<{ contactPersonId: string }>).map((x) => x.contactPersonId),
  openOpportunities: (body.openOpportunities as Array<{ opportunityId: string }>).map((x) => x.opportunityId),
});

const storedUntil = async (asOf: string, recordedBy?: string) =>
  (await p.store.readStream('customer-c-h1')).filter(
    (e) =>
      Date.parse(e.metadata.occurredAt) <= Date.parse(asOf) &&
      (recordedBy === undefined || Date.parse(e.metadata.recordedAt) <= Date.parse(recordedBy)),
  );

describe('GET /customers/{id}/history', () => {
  it.each([
    '2026-01-10T00:00:00Z',
    '2026-01-10T10:00:00Z',
    '2026-01-31T00:00:00Z',
    '2026-02-10T00:00:00Z',
    '2026-03-01T00:00:00Z',
    '2026-03-10T09:59:59.999Z',
    '2026-03-10T10:00:00Z',
    '2026-03-31T00:00:00Z',
    '2026-06-01T00:00:00Z',
  ])('at %s equals the test’s own fold over the stored events up to then', async (asOf) => {
    const r = await p.get(`/customers/c-h1/history?asOf=${asOf}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().asOf).toBe(new Date(asOf).toISOString());
    expect(apiFold(r.json())).toEqual(foldInTest(await storedUntil(asOf)));
  });

  it('answers the customer exactly as it was on a given day', async () => {
    const r = await p.get('/customers/c-h1/history?asOf=2026-03-10T12:00:00Z');
    expect(r.json()).toMatchObject({
      customerId: 'c-h1',
      knownAt: null,
      registeredAt: '2026-01-01T00:00:00.000Z',
      profile: { name: 'History Foods', type: 'direct', region: 'north', industry: 'food' },
      ownerRepId: 'rep-h1',
      ownerAssignedAt: '2026-02-20T00:00:00.000Z',
      // o-1 20.10 + o-3 1000.00 + the late o-4 0.07; o-2 (99.99) cancelled at 10:00
      orderCount: 3,
      cancelledOrderCount: 1,
      revenue: '1020.17',
      paid: '20.01',
      outstanding: '1000.16',
      firstOrderAt: '2026-01-10T10:00:00.000Z',
      lastOrderAt: '2026-03-05T00:00:00.000Z',
      visitCount: 1,
      contacts: [{ contactPersonId: 'p1', name: 'Zhang Min', role: 'buyer', phone: null, email: null }],
      openOpportunities: [
        { opportunityId: 'op-2', title: 'Trade fair', expectedAmount: '80.00', stage: 'qualification' },
      ],
      opportunities: { open: 1, won: 1, lost: 0 },
      // the last event folded in stream order: the late order, recorded last
      lastEvent: { type: 'OrderRecorded', occurredAt: '2026-01-20T00:00:00.000Z' },
    });
  });

  it('with knownAt leaves out what was recorded later: the late January order', async () => {
    const asOf = '2026-02-10T00:00:00Z';
    const now = (await p.get(`/customers/c-h1/history?asOf=${asOf}`)).json();
    const then = await p.get(`/customers/c-h1/history?asOf=${asOf}&knownAt=${knownAt}`);
    expect(then.statusCode).toBe(200);
    expect(then.json().knownAt).toBe(knownAt);
    expect(apiFold(then.json())).toEqual(foldInTest(await storedUntil(asOf, knownAt)));
    expect(now.orderCount - then.json().orderCount).toBe(1);
    expect(now.revenue).toBe('120.16');
    expect(then.json().revenue).toBe('120.09');
  });

  it('now agrees with the read model of GET /customers/{id}', async () => {
    const folded = (await p.get('/customers/c-h1/history')).json();
    const projected = (await p.get('/customers/c-h1')).json();
    expect(folded).toMatchObject({
      orderCount: projected.orderCount,
      revenue: projected.revenue,
      outstanding: projected.outstanding,
      visitCount: projected.visitCount,
      ownerRepId: 'rep-h2',
      firstOrderAt: projected.firstOrderAt,
      lastOrderAt: projected.lastOrderAt,
    });
    expect(folded.ownerRepId).toBe(projected.ownerRepId);
  });

  it('answers 404 before registration and for an unknown customer, 400 for a malformed asOf or id', async () => {
    const before = await p.get('/customers/c-h1/history?asOf=2025-12-31');
    expect(before.statusCode).toBe(404);
    expect(before.json().message).toContain('not registered');
    expect((await p.get('/customers/nobody/history')).statusCode).toBe(404);
    for (const [query, field] of [
      ['asOf=yesterday', 'asOf'],
      ['asOf=2026-01-10T00:00:00', 'asOf'],
      ['knownAt=2026-13-01', 'knownAt'],
    ] as const) {
      const r = await p.get(`/customers/c-h1/history?${query}`);
      expect(r.statusCode).toBe(400);
      expect([...new Set(r.json().errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    }
    const badId = await p.get('/customers/%20x/history');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('id');
  });

  it('reads a plain date as its start, 00:00 UTC', async () => {
    const day = (await p.get('/customers/c-h1/history?asOf=2026-01-10')).json();
    const midnight = (await p.get('/customers/c-h1/history?asOf=2026-01-10T00:00:00Z')).json();
    expect(day).toEqual(midnight);
    expect(day.orderCount).toBe(0);
  });
});
