import { authHeaders } from '@crm/testing';
import { AnalyticsHarness, cents, line, money } from './analytics-support/analytics-harness';

/**
 * A manager's analytics cover their regions only; an admin's the whole company; ABC and Pareto are
 * company-wide rankings for both. The read models are fed through the projection engine, the query
 * API answers over injected HTTP with real tokens.
 *
 * Cast: e1, e2 in east (rep-e), w1 in west (rep-w), and m1, registered in west (rep-w) and moved to
 * east on 2026-11-20 between its two orders. Which region m1 counts under says which dimension each
 * endpoint scopes by: the region at the time of the fact (sales cube, competitor feedback) or the
 * customer's current region (receivables, funnel, contact compliance, channels).
 */
let h: AnalyticsHarness;
let admin: Record<string, string>;
let eastManager: Record<string, string>;
let bothManager: Record<string, string>;
let rep: Record<string, string>;

const AS_OF = '2026-12-01T00:00:00Z';
const SALES = '/analytics/sales?from=2026-11-01&to=2026-11-30';
const RECEIVABLES = `/analytics/receivables?asOf=${AS_OF}`;
const FUNNEL = `/analytics/funnel?from=2026-10&to=2026-11&asOf=${AS_OF}`;
const COMPLIANCE = `/analytics/contact-compliance?period=2026-11&asOf=${AS_OF}`;
const COMPETITORS = '/analytics/competitors?from=2026-11-01&to=2026-11-30';
const CHANNELS = '/analytics/channels?from=2026-11-01&to=2026-11-30';

const get = async (url: string, headers: Record<string, string>) => {
  const response = await h.api.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() };
};
/** The answer of a request that must succeed. */
const ok = async (url: string, headers: Record<string, string>) => {
  const { status, body } = await get(url, headers);
  expect({ url, status }).toEqual({ url, status: 200 });
  return body;
};
const sum = (rows: Array<Record<string, unknown>>, field: string): string =>
  money(rows.reduce((s, r) => s + cents(String(r[field])), 0n));
const count = (rows: Array<Record<string, unknown>>, field: string): number =>
  rows.reduce((s, r) => s + Number(r[field]), 0);

beforeAll(async () => {
  h = await AnalyticsHarness.create('auth_analytics');
  admin = await authHeaders('admin', { sub: 'admin-1' });
  eastManager = await authHeaders('manager', { sub: 'm-east', regions: ['east'] });
  bothManager = await authHeaders('manager', { sub: 'm-both', regions: ['east', 'west'] });
  rep = await authHeaders('rep', { sub: 'rep-e' });
  const registeredAt = '2026-10-01T00:00:00Z';
  await h.feed([
    h.rep('rep-e', 'east'),
    h.rep('rep-w', 'west'),
    h.registered('e1', { region: 'east', type: 'retail', registeredAt }),
    h.registered('e2', { region: 'east', type: 'distributor', registeredAt }),
    h.registered('w1', { region: 'west', type: 'retail', registeredAt }),
    h.registered('m1', { region: 'west', type: 'retail', registeredAt }),
    h.owner('e1', 'rep-e'),
    h.owner('e2', 'rep-e'),
    h.owner('w1', 'rep-w'),
    h.owner('m1', 'rep-w'),
    h.order('e1', 'o-e1', '2026-11-02T10:00:00Z', [line(2, '100.00', { unitCost: '60.00' })], {
      repId: 'rep-e',
    }),
    h.payment('e1', 'o-e1', '50.00'),
    h.order('e2', 'o-e2', '2026-11-03T10:00:00Z', [line(1, '300.00')], {
      repId: 'rep-e',
      channel: 'partner',
    }),
    h.order('w1', 'o-w1', '2026-11-04T10:00:00Z', [line(3, '50.00', { unitCost: '30.00' })], {
      repId: 'rep-w',
    }),
    h.order('m1', 'o-m1a', '2026-11-05T10:00:00Z', [line(1, '80.00')], { repId: 'rep-w' }),
    h.visit('e1', { repId: 'rep-e', channel: 'onsite', cost: '10.00' }),
    h.visit('e2', { repId: 'rep-e', channel: 'phone', cost: '2.00' }),
    h.visit('w1', { repId: 'rep-w', channel: 'onsite', cost: '15.00' }),
    h.visit('m1', { repId: 'rep-w', channel: 'phone', cost: '3.00' }),
    h.feedback('e1', { rating: 4 }),
    h.feedback('w1', { rating: 2 }),
    h.feedback('m1', { rating: 5 }),
    h.profileUpdated('m1', { region: 'east' }),
    h.order('m1', 'o-m1b', '2026-11-25T10:00:00Z', [line(1, '20.00')], { repId: 'rep-w' }),
    h.feedback('m1', { rating: 1, observedAt: '2026-11-25T09:00:00Z' }),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

describe('a manager sees their regions only', () => {
  it('sales cube: the lines sold while the customer was in the region (region at order time)', async () => {
    const byRegion = await ok(`${SALES}&groupBy=region`, admin);
    expect(byRegion.rows.map((r: { region: string; amount: string }) => [r.region, r.amount])).toEqual([
      ['east', '520.00'], // e1 200 + e2 300 + m1's order after the move 20
      ['west', '230.00'], // w1 150 + m1's order before the move 80
    ]);
    expect(byRegion.totals.amount).toBe('750.00');
    const eastRow = byRegion.rows.find((r: { region: string }) => r.region === 'east');
    const { region: _region, ...eastMeasures } = eastRow;

    const mine = await ok(SALES, eastManager);
    expect(mine.totals).toEqual(eastMeasures);
    expect(mine.rows).toEqual([eastMeasures]);
    const mineByRegion = await ok(`${SALES}&groupBy=region,channel`, eastManager);
    expect(mineByRegion.rows.map((r: { region: string }) => r.region)).toEqual(['east', 'east']);
    expect(mineByRegion.totals.amount).toBe('520.00');
    // with the class joined in (another parameter layout), the same scope
    const byClass = await ok(`${SALES}&groupBy=customerClass`, eastManager);
    expect(sum(byClass.rows, 'amount')).toBe('520.00');

    expect((await ok(SALES, bothManager)).totals).toEqual(byRegion.totals);
  });

  it("receivables: the orders of customers now in the region (the customer's current region)", async () => {
    const byRegion = await ok(`${RECEIVABLES}&by=region`, admin);
    expect(byRegion.items.map((i: { key: string; outstanding: string }) => [i.key, i.outstanding])).toEqual([
      ['east', '550.00'], // e1 150 + e2 300 + m1 80 + 20
      ['west', '150.00'],
    ]);
    const eastItem = byRegion.items.find((i: { key: string }) => i.key === 'east');
    const { key: _key, name: _name, ...eastAgeing } = eastItem;

    const mine = await ok(`${RECEIVABLES}&by=region`, eastManager);
    expect(mine.total).toEqual(eastAgeing);
    expect(mine.groups).toBe(1);
    expect(mine.items).toEqual([eastItem]);

    const byCustomer = await ok(`${RECEIVABLES}&by=customer`, eastManager);
    expect(byCustomer.items.map((i: { key: string; outstanding: string }) => [i.key, i.outstanding])).toEqual(
      [
        ['e2', '300.00'],
        ['e1', '150.00'],
        ['m1', '100.00'],
      ],
    );
    const byRep = await ok(`${RECEIVABLES}&by=rep`, eastManager);
    // rep-w's orders to m1 (now east) are the manager's business; rep-w's orders to w1 are not
    expect(byRep.items.map((i: { key: string; outstanding: string }) => [i.key, i.outstanding])).toEqual([
      ['rep-e', '450.00'],
      ['rep-w', '100.00'],
    ]);
    expect(byRep.total).toEqual(eastAgeing);

    expect((await ok(`${RECEIVABLES}&by=region`, bothManager)).total).toEqual(byRegion.total);
  });

  it('lifecycle funnel: the customers now in the region', async () => {
    const entered = (body: { months: Array<{ month: string; entered: Record<string, number> }> }) =>
      Object.fromEntries(body.months.map((m) => [m.month, [m.entered.prospect, m.entered.new]]));
    // [prospect, new]: all four registered in October, each first ordered in November
    expect(entered(await ok(FUNNEL, admin))).toEqual({ '2026-10': [4, 0], '2026-11': [0, 4] });
    expect(entered(await ok(FUNNEL, eastManager))).toEqual({ '2026-10': [3, 0], '2026-11': [0, 3] });
    expect(await ok(FUNNEL, bothManager)).toEqual(await ok(FUNNEL, admin));
  });

  it("contact compliance: the admin's rows of the region, nothing else", async () => {
    type Row = { repId: string; region: string; customers: number; actualVisits: number; spent: string };
    /** Per rep × region (the rows also split by class): customers, visits, spent. */
    const perRep = (rows: Row[]) =>
      [...new Set(rows.map((r) => `${r.repId}/${r.region}`))].map((key) => {
        const mine = rows.filter((r) => `${r.repId}/${r.region}` === key);
        return [key, count(mine, 'customers'), count(mine, 'actualVisits'), sum(mine, 'spent')];
      });
    const all = await ok(COMPLIANCE, admin);
    // m1 (moved) counts under its current owner rep-w and its current region east, with its visit
    expect(perRep(all.rows)).toEqual([
      ['rep-e/east', 2, 2, '12.00'],
      ['rep-w/east', 1, 1, '3.00'],
      ['rep-w/west', 1, 1, '15.00'],
    ]);
    const eastRows = all.rows.filter((r: Row) => r.region === 'east');

    const mine = await ok(COMPLIANCE, eastManager);
    expect(mine.rows).toEqual(eastRows);
    expect(perRep(mine.rows)).toEqual([
      ['rep-e/east', 2, 2, '12.00'],
      ['rep-w/east', 1, 1, '3.00'],
    ]);
    // a filter inside the regions narrows as it does for an admin
    expect((await ok(`${COMPLIANCE}&region=east`, eastManager)).rows).toEqual(eastRows);
    expect((await ok(`${COMPLIANCE}&repId=rep-w`, eastManager)).rows).toEqual(
      eastRows.filter((r: { repId: string }) => r.repId === 'rep-w'),
    );
  });

  it('competitors: the feedback heard in the region (region when heard)', async () => {
    const all = await ok(COMPETITORS, admin);
    expect(
      all.products.map((p: { region: string; count: number; averageRating: string }) => [
        p.region,
        p.count,
        p.averageRating,
      ]),
    ).toEqual([
      ['east', 2, '2.50'], // e1 4, m1 after the move 1
      ['west', 2, '3.50'], // w1 2, m1 before the move 5
    ]);
    expect(all.trend).toEqual([
      { month: '2026-11', competitor: 'Acme', product: 'Acme X1', count: 4, averageRating: '3.00' },
    ]);
    const adminEast = await ok(`${COMPETITORS}&region=east`, admin);

    const mine = await ok(COMPETITORS, eastManager);
    expect(mine.products).toEqual(adminEast.products);
    expect(mine.trend).toEqual(adminEast.trend);
    expect(mine.trend).toEqual([
      { month: '2026-11', competitor: 'Acme', product: 'Acme X1', count: 2, averageRating: '2.50' },
    ]);
    expect(await ok(`${COMPETITORS}&region=east`, eastManager)).toEqual(adminEast);
  });

  it('channels: the customers now in the region (the channel model keeps no region)', async () => {
    const all = await ok(CHANNELS, admin);
    expect([count(all.contactChannels, 'contacts'), sum(all.contactChannels, 'contactCost')]).toEqual([
      4,
      '30.00',
    ]);
    expect([count(all.salesChannels, 'orders'), sum(all.salesChannels, 'revenue')]).toEqual([5, '750.00']);

    const mine = await ok(CHANNELS, eastManager);
    // e1 10 + e2 2 + m1 3; orders of e1, e2 and both of m1
    expect([count(mine.contactChannels, 'contacts'), sum(mine.contactChannels, 'contactCost')]).toEqual([
      3,
      '15.00',
    ]);
    expect([count(mine.salesChannels, 'orders'), sum(mine.salesChannels, 'revenue')]).toEqual([4, '600.00']);
    expect([sum(mine.segments, 'contactCost'), sum(mine.segments, 'revenue')]).toEqual(['15.00', '600.00']);
    expect(await ok(CHANNELS, bothManager)).toEqual(all);
  });
});

describe('what stays company-wide, and what is refused', () => {
  it('ABC and Pareto rank all customers for a manager too', async () => {
    const abc = `/analytics/abc?asOf=${AS_OF}`;
    const pareto = `/analytics/pareto?asOf=${AS_OF}&points=4`;
    const adminAbc = await ok(abc, admin);
    expect(adminAbc.population).toBe(4);
    expect(await ok(abc, eastManager)).toEqual(adminAbc);
    expect(await ok(pareto, eastManager)).toEqual(await ok(pareto, admin));
  });

  it.each([`${COMPLIANCE}&region=west`, `${COMPETITORS}&region=west`])(
    'a manager naming a region outside theirs gets 403 OUTSIDE_YOUR_REGION: %s',
    async (url) => {
      const { status, body } = await get(url, eastManager);
      expect({ status, code: body.code, errors: body.errors }).toEqual({
        status: 403,
        code: 'OUTSIDE_YOUR_REGION',
        errors: [{ field: 'region', message: expect.stringContaining('"west"') }],
      });
    },
  );

  it('a manager of a region without data sees nothing (not everything)', async () => {
    const none = await authHeaders('manager', { sub: 'm-north', regions: ['north'] });
    expect((await ok(SALES, none)).totals.amount).toBe('0.00');
    expect((await ok(RECEIVABLES, none)).total.outstanding).toBe('0.00');
    expect((await ok(COMPLIANCE, none)).rows).toEqual([]);
    expect((await ok(COMPETITORS, none)).products).toEqual([]);
    expect((await ok(CHANNELS, none)).salesChannels).toEqual([]);
    expect(
      (await ok(FUNNEL, none)).months.map((m: { entered: { prospect: number } }) => m.entered.prospect),
    ).toEqual([0, 0]);
  });

  it.each([SALES, RECEIVABLES, FUNNEL, COMPLIANCE, COMPETITORS, CHANNELS])(
    'a rep gets 403: %s',
    async (url) => {
      expect((await get(url, rep)).status).toBe(403);
    },
  );
});
