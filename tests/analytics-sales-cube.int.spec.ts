import { salesCubeProjection } from '@crm/read-models';
import { AnalyticsHarness, cents, line, money } from './analytics-support/analytics-harness';

/** The sales cube (seed 003): line facts projected from orders, grouped in SQL by the query API. */
let h: AnalyticsHarness;

const NOV = 'from=2026-11-01&to=2026-11-30';

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_sales');
  await h.feed([
    h.registered('c1', { type: 'retail', region: 'east' }),
    h.registered('c2', { type: 'distributor', region: 'west' }),
    h.registered('c3', { type: 'direct', region: 'east' }),
    // Customers without orders, so that N = 10 gives one A (ceil 0.5) and one B (ceil 2.0 = 2).
    ...Array.from({ length: 7 }, (_, i) => h.registered(`p${i + 1}`)),
    h.order('c1', 'o1', '2026-11-03T10:00:00Z', [
      line(2, '15.00', { unitCost: '10.00', listPrice: '20.00' }),
      line(1, '120.00', { category: 'audio', brand: 'Sonix', unitCost: '100.00' }),
    ]),
    h.order(
      'c2',
      'o2',
      '2026-11-10T10:00:00Z',
      [line(3, '600.00', { unitCost: '450.00' }), line(5, '20.00', { category: 'accessories' })],
      { channel: 'partner' },
    ),
    h.order('c3', 'o3', '2026-11-12T10:00:00Z', [line(1, '99.99', { unitCost: '50.00' })]),
    h.profileUpdated('c3', { region: 'north' }),
    h.order('c3', 'o4', '2026-11-30T23:59:59Z', [line(1, '500.00', { category: 'audio', brand: 'Sonix' })], {
      channel: 'web',
    }),
    h.order('c1', 'o5', '2026-11-15T10:00:00Z', [line(10, '1000.00', { unitCost: '1.00' })]),
    h.cancelled('c1', 'o5'),
    h.order('c1', 'o6', '2026-10-31T23:59:59Z', [line(1, '7.00')]),
    h.order('c1', 'o7', '2026-12-01T00:00:00Z', [line(1, '7.00')]),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

const sales = async (query: string) => {
  const response = await h.get(`/analytics/sales?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('sales cube projection', () => {
  it('stores one fact row per order line with day, region, type, channel, band and amounts', async () => {
    const rows = await h.query(
      `SELECT order_id, line_no, day::text, region, customer_type, channel, category, brand, price_band,
              quantity::int, amount::text, cost::text, list_amount::text
       FROM read_models.sales_line WHERE order_id = 'o1' ORDER BY line_no`,
    );
    expect(rows).toEqual([
      {
        order_id: 'o1',
        line_no: 1,
        day: '2026-11-03',
        region: 'east',
        customer_type: 'retail',
        channel: 'direct',
        category: 'televisions',
        brand: 'Lumina',
        price_band: '<20',
        quantity: 2,
        amount: '30.00',
        cost: '20.00',
        list_amount: '40.00',
      },
      {
        order_id: 'o1',
        line_no: 2,
        day: '2026-11-03',
        region: 'east',
        customer_type: 'retail',
        channel: 'direct',
        category: 'audio',
        brand: 'Sonix',
        price_band: '100-500',
        quantity: 1,
        amount: '120.00',
        cost: '100.00',
        list_amount: '120.00',
      },
    ]);
  });

  it('removes the lines of a cancelled order', async () => {
    expect(await h.query(`SELECT 1 FROM read_models.sales_line WHERE order_id = 'o5'`)).toHaveLength(0);
  });

  it('applies an order once even when handed the same event twice', async () => {
    const again = h.order('c9', 'o-twice', '2026-11-03T00:00:00Z', [line(1, '5.00')]);
    await h.dataSource.transaction(async (db) => {
      await salesCubeProjection.apply(again, db);
      await salesCubeProjection.apply(again, db);
    });
    const rows = await h.query(`SELECT region FROM read_models.sales_line WHERE order_id = 'o-twice'`);
    expect(rows).toEqual([{ region: 'unknown' }]); // a customer it never saw registered
    await h.query(`DELETE FROM read_models.sales_line WHERE order_id = 'o-twice'`);
  });
});

describe('GET /analytics/sales', () => {
  it('groups net sales by region and category with exact amount, cost, margin and margin rate', async () => {
    const body = await sales(`${NOV}&groupBy=region,category`);
    expect(body.groupBy).toEqual(['region', 'category']);
    expect(body.rows).toEqual([
      // c1 o1 television line: 2 × 15.00, cost 2 × 10.00; c3 o3 (east when ordered): 99.99, cost 50.00
      {
        region: 'east',
        category: 'audio',
        quantity: '1',
        amount: '120.00',
        cost: '100.00',
        costedAmount: '120.00',
        grossMargin: '20.00',
        marginRate: '0.1667',
        listAmount: '120.00',
      },
      {
        region: 'east',
        category: 'televisions',
        quantity: '3',
        amount: '129.99',
        cost: '70.00',
        costedAmount: '129.99',
        grossMargin: '59.99',
        marginRate: '0.4615',
        listAmount: '139.99',
      },
      {
        region: 'north',
        category: 'audio',
        quantity: '1',
        amount: '500.00',
        cost: '0.00',
        costedAmount: '0.00',
        grossMargin: '0.00',
        marginRate: null,
        listAmount: '500.00',
      },
      {
        region: 'west',
        category: 'accessories',
        quantity: '5',
        amount: '100.00',
        cost: '0.00',
        costedAmount: '0.00',
        grossMargin: '0.00',
        marginRate: null,
        listAmount: '100.00',
      },
      {
        region: 'west',
        category: 'televisions',
        quantity: '3',
        amount: '1800.00',
        cost: '1350.00',
        costedAmount: '1800.00',
        grossMargin: '450.00',
        marginRate: '0.2500',
        listAmount: '1800.00',
      },
    ]);
    const amount = ['30.00', '120.00', '1800.00', '100.00', '99.99', '500.00'].reduce(
      (s, a) => s + cents(a),
      0n,
    );
    expect(body.totals).toMatchObject({ quantity: '13', amount: money(amount), cost: '1520.00' });
  });

  it("takes the customer's region and type as they were when the order was recorded", async () => {
    const body = await sales(`${NOV}&groupBy=region,customerType,channel`);
    const c3 = body.rows.filter((r: { customerType: string }) => r.customerType === 'direct');
    expect(c3.map((r: Record<string, string>) => [r.region, r.channel, r.amount])).toEqual([
      ['east', 'direct', '99.99'],
      ['north', 'web', '500.00'],
    ]);
  });

  it('bands unit prices <20, 20-100, 100-500, >=500 with the lower bound inclusive', async () => {
    const body = await sales(`${NOV}&groupBy=priceBand`);
    expect(body.rows.map((r: Record<string, string>) => [r.priceBand, r.quantity, r.amount])).toEqual([
      ['<20', '2', '30.00'],
      ['20-100', '6', '199.99'], // 5 × 20.00 and 1 × 99.99
      ['100-500', '1', '120.00'],
      ['>=500', '4', '2300.00'], // 3 × 600.00 and 1 × 500.00
    ]);
  });

  it('counts whole UTC days from `from` to `to`, both included', async () => {
    const days = await sales(`${NOV}&groupBy=day`);
    expect(days.rows.map((r: { day: string }) => r.day)).toEqual([
      '2026-11-03',
      '2026-11-10',
      '2026-11-12',
      '2026-11-30',
    ]);
    const months = await sales('from=2026-10-01&to=2026-12-31&groupBy=month');
    expect(months.rows.map((r: Record<string, string>) => [r.month, r.amount])).toEqual([
      ['2026-10', '7.00'],
      ['2026-11', '2649.99'],
      ['2026-12', '7.00'],
    ]);
  });

  it('answers one total row when nothing is grouped, zeros for an empty range', async () => {
    const body = await sales(NOV);
    expect(body.rows).toEqual([body.totals]);
    const empty = await sales('from=2020-01-01&to=2020-01-31');
    expect(empty.rows).toEqual([
      {
        quantity: '0',
        amount: '0.00',
        cost: '0.00',
        costedAmount: '0.00',
        grossMargin: '0.00',
        marginRate: null,
        listAmount: '0.00',
      },
    ]);
    const emptyGrouped = await sales('from=2020-01-01&to=2020-01-31&groupBy=brand');
    expect(emptyGrouped.rows).toEqual([]);
  });

  it('joins the live ABC class as of the end of the range', async () => {
    // N = 10 registered customers (c9 was never registered): A = rank 1, B = rank 2, C the rest.
    // Revenue in [2025-12-01, 2026-12-01): c2 1900.00, c3 599.99, c1 150.00 + 7.00 (o6, October).
    const body = await sales(`${NOV}&groupBy=customerClass`);
    expect(body.classAsOf).toBe('2026-12-01T00:00:00.000Z');
    expect(body.rows.map((r: Record<string, string>) => [r.customerClass, r.amount])).toEqual([
      ['A', '1900.00'],
      ['B', '599.99'],
      ['C', '150.00'],
    ]);
  });

  it.each([
    ['groupBy=region,colour', 'groupBy', /"colour"/],
    ['groupBy=region%3BDROP%20TABLE%20x', 'groupBy', /unknown dimension/],
    ['groupBy=region,region', 'groupBy', /more than once/],
  ])('refuses %s with 400 naming the field', async (query, field, message) => {
    const response = await h.get(`/analytics/sales?${NOV}&${query}`);
    expect(response.statusCode).toBe(400);
    const errors: Array<{ field: string; message: string }> = response.json().errors;
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]!.message).toMatch(message);
  });

  it.each([
    ['from=2026-11-30&to=2026-11-01', 'to'],
    ['from=2026-02-30&to=2026-03-01', 'from'],
    ['from=yesterday&to=2026-03-01', 'from'],
    ['to=2026-03-01', 'from'],
    ['from=2026-03-01', 'to'],
  ])('refuses the range %s with 400 naming %s', async (query, field) => {
    const response = await h.get(`/analytics/sales?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
