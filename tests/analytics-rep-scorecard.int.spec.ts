import { AnalyticsHarness, line } from './analytics-support/analytics-harness';

/**
 * The rep scorecard: quota attainment net of cancellations, visits and contact cost, owned
 * customers by live class, pipeline and receivables of the rep's customers.
 */
let h: AnalyticsHarness;

const AS_OF = '2026-12-01T00:00:00Z';

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_scorecard');
  const opened = (
    customerId: string,
    opportunityId: string,
    openedAt: string,
    expectedAmount: string,
    repId?: string,
  ) =>
    h.event('OpportunityOpened', {
      customerId,
      opportunityId,
      ...(repId ? { repId } : {}),
      title: `Deal ${opportunityId}`,
      expectedAmount,
      stage: 'proposal',
      openedAt,
    });
  await h.feed([
    h.rep('rep-1'),
    h.rep('rep-2', 'west'),
    h.event('TerritoryAssigned', {
      repId: 'rep-1',
      regions: ['east'],
      categories: ['televisions'],
      brands: ['Lumina'],
      assignedAt: '2026-01-01T00:00:00Z',
    }),
    h.event('TerritoryAssigned', {
      repId: 'rep-1',
      regions: ['east', 'north'],
      categories: ['televisions'],
      brands: ['Lumina'],
      assignedAt: '2026-06-01T00:00:00Z',
    }),
    h.event('QuotaAssigned', {
      repId: 'rep-1',
      period: '2026-11',
      targetAmount: '1000.00',
      targetVolume: 10,
      categoryTargets: [],
      revision: 1,
    }),
    h.event('QuotaAssigned', {
      repId: 'rep-1',
      period: '2026-11',
      targetAmount: '2000.00',
      targetVolume: 20,
      categoryTargets: [],
      revision: 2,
    }),
    ...Array.from({ length: 10 }, (_, i) => h.registered(`s${i + 1}`)),
    h.registered('s11', { registeredAt: '2026-12-15T00:00:00Z' }), // after asOf: not classified
    h.owner('s1', 'rep-1'),
    h.owner('s2', 'rep-1'),
    h.owner('s3', 'rep-1'),
    h.owner('s11', 'rep-1'),
    h.owner('s4', 'rep-2'),
    h.order('s1', 'o1', '2026-11-05T10:00:00Z', [line(2, '400.00', { listPrice: '500.00' })]),
    h.order('s2', 'o2', '2026-11-06T10:00:00Z', [line(1, '100.00')]),
    h.order('s2', 'o3', '2026-11-07T10:00:00Z', [line(3, '50.00', { listPrice: '60.00' })]),
    h.cancelled('s2', 'o3'),
    h.order('s3', 'o4', '2026-10-30T10:00:00Z', [line(1, '10.00')]),
    h.order('s4', 'o5', '2026-11-08T10:00:00Z', [line(1, '1000.00')], { repId: 'rep-2' }),
    h.payment('s1', 'o1', '300.00'),
    h.payment('s3', 'o4', '10.00'),
    h.visit('s1', { cost: '10.00' }),
    h.visit('s2', { cost: '5.50' }),
    h.visit('s1', { cost: '4.50', visitedAt: '2026-11-30T23:59:59Z' }),
    h.visit('s1', { cost: '99.00', visitedAt: '2026-12-01T00:00:00Z' }), // December
    opened('s1', 'op1', '2026-10-20T00:00:00Z', '500.00', 'rep-1'),
    h.event('OpportunityWon', {
      customerId: 's1',
      opportunityId: 'op1',
      orderId: 'o1',
      wonAt: '2026-11-10T00:00:00Z',
    }),
    opened('s2', 'op2', '2026-11-03T00:00:00Z', '300.00', 'rep-1'),
    h.event('OpportunityLost', {
      customerId: 's2',
      opportunityId: 'op2',
      reason: 'price',
      lostTo: 'Acme',
      lostAt: '2026-11-25T00:00:00Z',
    }),
    opened('s3', 'op3', '2026-11-15T00:00:00Z', '200.00'), // no rep: counts for the owner
    opened('s1', 'op4', '2026-11-20T00:00:00Z', '50.00', 'rep-1'),
    h.event('OpportunityWon', { customerId: 's1', opportunityId: 'op4', wonAt: '2026-12-02T00:00:00Z' }),
    opened('s4', 'op5', '2026-11-20T00:00:00Z', '999.00', 'rep-2'),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

const scorecard = async (repId: string, query: string) => {
  const response = await h.get(`/reps/${repId}/scorecard?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('rep-quota projection, version 2', () => {
  it("takes a cancelled order out of its day's sales", async () => {
    const days = await h.query(
      `SELECT day::text, amount::text, volume::int, order_count FROM read_models.rep_sales_day
       WHERE rep_id = 'rep-1' ORDER BY day`,
    );
    expect(days).toEqual([
      { day: '2026-10-30', amount: '10.00', volume: 1, order_count: 1 },
      { day: '2026-11-05', amount: '800.00', volume: 2, order_count: 1 },
      { day: '2026-11-06', amount: '100.00', volume: 1, order_count: 1 },
      { day: '2026-11-07', amount: '0.00', volume: 0, order_count: 0 },
    ]);
  });

  it('keeps the last territory assigned', async () => {
    const [territory] = await h.query(`SELECT regions FROM read_models.rep_territory WHERE rep_id = 'rep-1'`);
    expect(territory).toEqual({ regions: ['east', 'north'] });
  });
});

describe('GET /reps/{id}/scorecard', () => {
  let body: Record<string, unknown>;
  beforeAll(async () => {
    body = await scorecard('rep-1', `period=2026-11&asOf=${AS_OF}`);
  });

  it('shows quota attainment for amount and volume, net of cancellations, and price realisation', () => {
    expect(body).toMatchObject({
      repId: 'rep-1',
      name: 'Rep rep-1',
      region: 'east',
      period: '2026-11',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
    });
    expect(body.sales).toEqual({
      quotaRevision: 2,
      targetAmount: '2000.00',
      targetVolume: '20',
      actualAmount: '900.00',
      actualVolume: '3',
      orderCount: 2,
      amountAttainment: '0.4500',
      volumeAttainment: '0.1500',
      priceRealisation: '0.8000', // 2 × 400.00 sold against 2 × 500.00 list
    });
  });

  it("shows the territory, the period's visits and contact cost", () => {
    expect(body.territory).toEqual({
      regions: ['east', 'north'],
      categories: ['televisions'],
      brands: ['Lumina'],
      assignedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(body.contact).toEqual({ visits: 3, contactCost: '20.00', customersVisited: 2 });
  });

  it('counts the owned customers by live class', () => {
    // N = 10 (s11 registered after asOf): A = rank 1 (s4, rep-2's), B = rank 2 (s1), C the rest.
    expect(body.customers).toEqual({
      classAsOf: '2026-12-01T00:00:00.000Z',
      total: 4,
      A: 0,
      B: 1,
      C: 2,
      unclassified: 1,
    });
  });

  it('shows the pipeline: opened, still open at the end, won and lost in the period', () => {
    expect(body.pipeline).toEqual({
      opened: { count: 3, expectedAmount: '550.00' },
      open: { count: 2, expectedAmount: '250.00' },
      won: { count: 1, expectedAmount: '500.00' },
      lost: { count: 1, expectedAmount: '300.00' },
      winRate: '0.5000',
    });
  });

  it("shows what the rep's customers still owe on orders not cancelled", () => {
    expect(body.receivables).toEqual({ outstanding: '600.00', openOrders: 2, customers: 2 });
  });

  it('also nets the cancellation out of the quota view', async () => {
    const quotas = (await h.get('/reps/rep-1/quotas')).json();
    expect(quotas.quotas[0]).toMatchObject({ period: '2026-11', actualAmount: '900.00', actualVolume: '3' });
  });

  it('answers a rep without quota, territory or activity with zeros and nulls', async () => {
    const empty = await scorecard('rep-2', `period=2026-Q1&asOf=${AS_OF}`);
    expect(empty.territory).toBeNull();
    expect(empty.sales).toMatchObject({
      quotaRevision: null,
      actualAmount: '0.00',
      amountAttainment: null,
      priceRealisation: null,
    });
    expect(empty.pipeline.winRate).toBeNull();
  });

  it('answers 404 for an unknown rep', async () => {
    const response = await h.get('/reps/nobody/scorecard?period=2026-11');
    expect(response.statusCode).toBe(404);
  });

  it.each([['period=2026-11-01'], ['period=november'], ['period=2026-11&asOf=2026-13-01T00:00:00Z']])(
    'refuses %s with 400',
    async (query) => {
      const response = await h.get(`/reps/rep-1/scorecard?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.length).toBeGreaterThan(0);
    },
  );
});
