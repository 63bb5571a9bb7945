import type { RecordedEvent } from '@crm/events';
import { startAuditPipeline, type AuditPipeline } from './audit-support/audit-pipeline';

/**
 * GET /customers/{id}/explain: the ABC position and lifecycle stage with the rules and events
 * behind them, checked against GET /analytics/abc and GET /customers/{id} at the same instant and
 * against the events in the store.
 *
 * N = 9 customers, policy version 1: A = 25 % (ceil(2.25) = 3), A+B = 50 % (ceil(4.5) = 5),
 * at risk after 60 days. Revenue in [2025-06-01, 2026-06-01): e-1 5000, e-2 3000, e-3 2000,
 * e-4 2000 (tie: e-3 first by id, so e-3 is the last A), e-5 1500, e-9 700, e-8 300, e-6 and e-7
 * nothing.
 */
const AS_OF = '2026-06-01T00:00:00Z';
const POLICY = {
  abc: { measure: 'revenue', windowMonths: 12, aPercent: 25, abPercent: 50 },
  lifecycle: { newWithinDays: 90, atRiskAfterDays: 60, dormantAfterDays: 180 },
  rfm: { buckets: 5 },
};
let p: AuditPipeline;
let stored: RecordedEvent[];

const order = (orderId: string, orderedAt: string, unitPrice: string) => ({
  orderId,
  repId: 'rep-x1',
  channel: 'direct',
  orderedAt,
  lines: [{ sku: 'TV', category: 'tv', brand: 'Lumina', quantity: 1, unitPrice }],
});

beforeAll(async () => {
  p = await startAuditPipeline('audit_explain_e2e');
  await p.send('POST', '/reps', { repId: 'rep-x1', name: 'Explainer', region: 'east' });
  for (let i = 1; i <= 9; i++) {
    await p.send('POST', '/customers', {
      customerId: `e-${i}`,
      name: `Customer ${i}`,
      type: 'retail',
      region: 'east',
      registeredAt: i === 6 ? '2024-01-01T00:00:00Z' : '2025-01-01T00:00:00Z',
    });
  }
  const orders: Array<[string, string, string, string]> = [
    ['e-1', 'o-1a', '2025-03-01T00:00:00Z', '10000.00'], // before the window
    ['e-1', 'o-1b', '2026-01-15T00:00:00Z', '5000.00'],
    ['e-2', 'o-2', '2026-05-20T00:00:00Z', '3000.00'],
    ['e-3', 'o-3', '2026-03-01T00:00:00Z', '2000.00'],
    ['e-4', 'o-4', '2026-04-10T00:00:00Z', '2000.00'],
    ['e-5', 'o-5a', '2025-07-01T00:00:00Z', '1000.00'],
    ['e-5', 'o-5b', '2025-12-01T00:00:00Z', '500.00'],
    ['e-6', 'o-6a', '2024-12-01T00:00:00Z', '50.00'],
    ['e-6', 'o-6b', '2026-01-10T00:00:00Z', '9999.00'],
    ['e-8', 'o-8a', '2025-06-15T00:00:00Z', '100.00'],
    ['e-8', 'o-8b', '2026-05-01T00:00:00Z', '200.00'],
    ['e-9', 'o-9', '2026-03-20T00:00:00Z', '700.00'],
  ];
  for (const [customer, id, at, price] of orders) {
    await p.send('POST', `/customers/${customer}/orders`, order(id, at, price));
  }
  await p.send('POST', '/customers/e-6/orders/o-6b/cancel', {
    reason: 'duplicate',
    cancelledAt: '2026-02-01T00:00:00Z',
  });
  await p.send(
    'PUT',
    '/segmentation-policy',
    { ...POLICY, reason: 'quartiles; earlier risk warning', changedAt: '2026-01-01T00:00:00Z' },
    { userId: 'u-analyst', role: 'admin' },
  );
  await p.settle();
  stored = (await p.store.readAll(null, 10_000)).sort((a, b) =>
    Number(BigInt(a.globalPosition) - BigInt(b.globalPosition)),
  );
});

afterAll(async () => {
  await p?.close();
});

const explain = async (id: string, asOf = AS_OF) => {
  const r = await p.get(`/customers/${id}/explain?asOf=${asOf}`);
  expect(r.statusCode).toBe(200);
  return r.json();
};
const lastOf = (customerId: string, types: string[]) =>
  stored.filter((e) => e.streamId === `customer-${customerId}` && types.includes(e.type)).at(-1)!;
const orderEvent = (orderId: string) =>
  stored.find((e) => e.type === 'OrderRecorded' && (e.data as { orderId: string }).orderId === orderId)!;
const ids = ['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6', 'e-7', 'e-8', 'e-9'];

describe('GET /customers/{id}/explain: ABC', () => {
  it('gives the rank, N, the cut-off ranks and the measure at them exactly as GET /analytics/abc', async () => {
    const abc = (await p.get(`/analytics/abc?asOf=${AS_OF}`)).json();
    const cls = (k: string) => abc.classes.find((c: { abcClass: string }) => c.abcClass === k);
    expect(cls('A')).toMatchObject({ lastRank: 3, measureAtCutoff: '2000.00' });
    expect(cls('B')).toMatchObject({ lastRank: 5, measureAtCutoff: '1500.00' });
    for (const id of ids) {
      const x = (await explain(id)).abc;
      expect(x.population).toBe(abc.population);
      expect(x.measure).toBe(abc.measure);
      expect(x.windowStart).toBe(abc.windowStart);
      expect(x.aCutoff).toEqual({
        rule: 'ceil(25% × 9) = 3',
        rank: cls('A').lastRank,
        measureAtCutoff: cls('A').measureAtCutoff,
      });
      expect(x.abCutoff).toEqual({
        rule: 'ceil(50% × 9) = 5',
        rank: cls('B').lastRank,
        measureAtCutoff: cls('B').measureAtCutoff,
      });
    }
  });

  it('gives each customer the rank, class and measure of GET /customers/{id}, ranks 1..N by the measure', async () => {
    const ranked = [];
    for (const id of ids) {
      const x = (await explain(id)).abc;
      const detail = (await p.get(`/customers/${id}?asOf=${AS_OF}`)).json();
      expect(x).toMatchObject({
        abcClass: detail.abc.abcClass,
        rank: detail.abc.rank,
        measureValue: detail.abc.measureValue,
        population: detail.abc.population,
      });
      ranked.push([x.rank, id, x.abcClass, x.measureValue]);
    }
    ranked.sort((a, b) => a[0] - b[0]);
    expect(ranked).toEqual([
      [1, 'e-1', 'A', '5000.00'],
      [2, 'e-2', 'A', '3000.00'],
      [3, 'e-3', 'A', '2000.00'],
      [4, 'e-4', 'B', '2000.00'],
      [5, 'e-5', 'B', '1500.00'],
      [6, 'e-9', 'C', '700.00'],
      [7, 'e-8', 'C', '300.00'],
      [8, 'e-6', 'C', '0.00'],
      [9, 'e-7', 'C', '0.00'],
    ]);
  });

  it('says why in words and names the order event that last changed the measure', async () => {
    const e4 = (await explain('e-4')).abc;
    expect(e4.reason).toBe('rank 4 of 9 > 3 (A cut-off) and ≤ 5 (A+B cut-off) → B');
    expect(e4.ordersInWindow).toBe(1);
    expect(e4.lastOrderEvent).toMatchObject({
      eventId: orderEvent('o-4').metadata.eventId,
      globalPosition: orderEvent('o-4').globalPosition,
      type: 'OrderRecorded',
    });
    const e1 = (await explain('e-1')).abc;
    expect(e1.ordersInWindow).toBe(1);
    expect(e1.lastOrderEvent.eventId).toBe(orderEvent('o-1b').metadata.eventId);
    const e6 = (await explain('e-6')).abc;
    const cancelled = lastOf('e-6', ['OrderCancelled']);
    expect(e6.lastOrderEvent).toMatchObject({
      eventId: cancelled.metadata.eventId,
      globalPosition: cancelled.globalPosition,
      type: 'OrderCancelled',
      summary: 'Order o-6b cancelled: duplicate',
    });
    expect((await explain('e-7')).abc.lastOrderEvent).toBeNull();
  });
});

describe('GET /customers/{id}/explain: policy', () => {
  it('names the live policy, its parameters and the SegmentationPolicyChanged that set it', async () => {
    const policyEvent = stored.find((e) => e.type === 'SegmentationPolicyChanged')!;
    const x = await explain('e-1');
    expect(x.policy).toEqual({
      version: 1,
      parameters: POLICY,
      changedAt: '2026-01-01T00:00:00.000Z',
      reason: 'quartiles; earlier risk warning',
      event: {
        eventId: policyEvent.metadata.eventId,
        globalPosition: policyEvent.globalPosition,
        type: 'SegmentationPolicyChanged',
        occurredAt: '2026-01-01T00:00:00.000Z',
        actor: { userId: 'u-analyst', role: 'admin' },
        summary: 'Segmentation policy version 1: quartiles; earlier risk warning',
      },
    });
  });
});

describe('GET /customers/{id}/explain: lifecycle', () => {
  it('gives the stage of GET /customers/{id} at the same instant for every customer', async () => {
    for (const id of ids) {
      const detail = (await p.get(`/customers/${id}?asOf=${AS_OF}`)).json();
      expect((await explain(id)).lifecycle.stage).toBe(detail.lifecycleStage);
    }
  });

  it('shows the thresholds, dates and days that put a customer at risk, and the policy change that did', async () => {
    const policyEvent = stored.find((e) => e.type === 'SegmentationPolicyChanged')!;
    const l = (await explain('e-9')).lifecycle;
    expect(l).toMatchObject({
      stage: 'at_risk',
      thresholds: POLICY.lifecycle,
      firstOrderAt: '2026-03-20T00:00:00.000Z',
      lastOrderAt: '2026-03-20T00:00:00.000Z',
      reactivatedAt: null,
      daysSinceFirstOrder: '73.00',
      daysSinceLastOrder: '73.00',
      reason: 'last order 73.00 days before asOf ≥ atRiskAfterDays 60, < dormantAfterDays 180',
      transition: {
        fromStage: 'new',
        toStage: 'at_risk',
        at: '2026-05-19T00:00:00.000Z',
        globalPosition: policyEvent.globalPosition,
        event: { eventId: policyEvent.metadata.eventId, type: 'SegmentationPolicyChanged' },
      },
      next: { toStage: 'dormant', at: '2026-09-16T00:00:00.000Z' },
    });
  });

  it('explains new, dormant, reactivated and prospect with the events that wrote the transitions', async () => {
    const e2 = (await explain('e-2')).lifecycle;
    expect(e2).toMatchObject({ stage: 'new', daysSinceFirstOrder: '12.00' });
    expect(e2.reason).toMatch(/^first order 12\.00 days before asOf < newWithinDays 90/);
    expect(e2.transition.event.eventId).toBe(orderEvent('o-2').metadata.eventId);

    const e5 = (await explain('e-5')).lifecycle;
    expect(e5).toMatchObject({ stage: 'dormant', daysSinceLastOrder: '182.00' });
    expect(e5.transition).toMatchObject({ toStage: 'dormant', at: '2026-05-30T00:00:00.000Z' });
    expect(e5.transition.event.eventId).toBe(orderEvent('o-5b').metadata.eventId);

    const e8 = (await explain('e-8')).lifecycle;
    expect(e8).toMatchObject({
      stage: 'reactivated',
      reactivatedAt: '2026-05-01T00:00:00.000Z',
      daysSinceReactivation: '31.00',
    });
    expect(e8.reason).toMatch(
      /^ordered again 31\.00 days before asOf after a gap longer than dormantAfterDays 180/,
    );

    const e7 = (await explain('e-7')).lifecycle;
    expect(e7).toMatchObject({
      stage: 'prospect',
      reason: 'no live order at or before asOf',
      firstOrderAt: null,
    });
    expect(e7.transition.event).toMatchObject({
      eventId: lastOf('e-7', ['CustomerRegistered']).metadata.eventId,
      type: 'CustomerRegistered',
    });
  });
});

describe('GET /customers/{id}/explain: errors and defaults', () => {
  it('explains now when asOf is absent', async () => {
    const r = await p.get('/customers/e-1/explain');
    expect(r.statusCode).toBe(200);
    expect(Date.now() - Date.parse(r.json().asOf)).toBeLessThan(60_000);
    expect(r.json().abc.population).toBe(9);
  });

  it('answers 404 for an unknown customer or one registered after asOf, 400 for a malformed asOf', async () => {
    expect((await p.get('/customers/nobody/explain')).statusCode).toBe(404);
    const early = await p.get('/customers/e-1/explain?asOf=2024-06-01');
    expect(early.statusCode).toBe(404);
    expect(early.json().message).toContain('not registered');
    const bad = await p.get('/customers/e-1/explain?asOf=June');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('asOf');
  });
});
