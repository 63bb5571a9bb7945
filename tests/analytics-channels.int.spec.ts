import { AnalyticsHarness, line } from './analytics-support/analytics-harness';

/** Channel economics (seed 002): contact cost per contact channel, revenue per sales channel, by segment. */
let h: AnalyticsHarness;

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_channels');
  await h.feed([
    h.registered('r1', { type: 'retail' }),
    h.registered('d1', { type: 'distributor' }),
    // Customers without orders, so that N = 10: A is rank 1 (r1), B rank 2 (d1), C the rest.
    ...Array.from({ length: 8 }, (_, i) => h.registered(`p${i + 1}`, { type: 'retail' })),
    h.visit('r1', { channel: 'onsite', cost: '30.00' }),
    h.visit('r1', { channel: 'phone', cost: '2.50' }),
    h.visit('r1', { channel: 'phone', cost: '2.50' }),
    h.visit('r1', { channel: 'onsite', cost: '100.00', visitedAt: '2026-10-31T23:59:59Z' }), // outside
    h.visit('d1', { channel: 'onsite', cost: '45.00' }),
    h.visit('p1', { channel: 'phone', cost: '1.25' }),
    h.order('r1', 'o1', '2026-11-02T00:00:00Z', [line(2, '300.00', { unitCost: '200.00' })]),
    h.order('r1', 'o2', '2026-11-03T00:00:00Z', [line(1, '50.00')], { channel: 'web' }),
    h.order(
      'd1',
      'o3',
      '2026-11-04T00:00:00Z',
      [line(4, '100.00', { unitCost: '70.00' }), line(1, '20.00')],
      {
        channel: 'partner',
      },
    ),
    h.order('d1', 'o4', '2026-11-05T00:00:00Z', [line(9, '900.00', { unitCost: '1.00' })], {
      channel: 'partner',
    }),
    h.cancelled('d1', 'o4'),
    h.profileUpdated('d1', { type: 'direct' }),
    h.visit('d1', { channel: 'email', cost: '1.00' }),
    h.order('d1', 'o5', '2026-11-30T12:00:00Z', [line(1, '10.00', { unitCost: '4.00' })], {
      channel: 'partner',
    }),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

describe('GET /analytics/channels', () => {
  let body: Record<string, unknown>;
  beforeAll(async () => {
    const response = await h.get('/analytics/channels?from=2026-11-01&to=2026-11-30');
    expect(response.statusCode).toBe(200);
    body = response.json();
  });

  it('costs each contact channel per live class and the customer type at the time', () => {
    expect(body.classAsOf).toBe('2026-12-01T00:00:00.000Z');
    expect(body.contactChannels).toEqual([
      {
        channel: 'email',
        customerClass: 'B',
        customerType: 'direct',
        contacts: 1,
        contactCost: '1.00',
        costPerContact: '1.00',
      },
      {
        channel: 'onsite',
        customerClass: 'A',
        customerType: 'retail',
        contacts: 1,
        contactCost: '30.00',
        costPerContact: '30.00',
      },
      {
        channel: 'onsite',
        customerClass: 'B',
        customerType: 'distributor',
        contacts: 1,
        contactCost: '45.00',
        costPerContact: '45.00',
      },
      {
        channel: 'phone',
        customerClass: 'A',
        customerType: 'retail',
        contacts: 2,
        contactCost: '5.00',
        costPerContact: '2.50',
      },
      {
        channel: 'phone',
        customerClass: 'C',
        customerType: 'retail',
        contacts: 1,
        contactCost: '1.25',
        costPerContact: '1.25',
      },
    ]);
  });

  it('sums revenue per sales channel and segment, without cancelled orders, margins over costed lines', () => {
    expect(body.salesChannels).toEqual([
      {
        channel: 'direct',
        customerClass: 'A',
        customerType: 'retail',
        orders: 1,
        quantity: '2',
        revenue: '600.00',
        cost: '400.00',
        grossMargin: '200.00',
        marginRate: '0.3333',
      },
      {
        channel: 'partner',
        customerClass: 'B',
        customerType: 'direct',
        orders: 1,
        quantity: '1',
        revenue: '10.00',
        cost: '4.00',
        grossMargin: '6.00',
        marginRate: '0.6000',
      },
      // 4 × 100.00 costed at 4 × 70.00, and 20.00 without a cost: margin 120.00 over 400.00.
      {
        channel: 'partner',
        customerClass: 'B',
        customerType: 'distributor',
        orders: 1,
        quantity: '5',
        revenue: '420.00',
        cost: '280.00',
        grossMargin: '120.00',
        marginRate: '0.3000',
      },
      {
        channel: 'web',
        customerClass: 'A',
        customerType: 'retail',
        orders: 1,
        quantity: '1',
        revenue: '50.00',
        cost: '0.00',
        grossMargin: '0.00',
        marginRate: null,
      },
    ]);
  });

  it('sets contact cost against gross margin per segment', () => {
    expect(body.segments).toEqual([
      {
        customerClass: 'A',
        customerType: 'retail',
        contacts: 3,
        contactCost: '35.00',
        orders: 2,
        revenue: '650.00',
        grossMargin: '200.00',
        marginAfterContactCost: '165.00',
        contactCostRate: '0.0538',
      },
      {
        customerClass: 'B',
        customerType: 'direct',
        contacts: 1,
        contactCost: '1.00',
        orders: 1,
        revenue: '10.00',
        grossMargin: '6.00',
        marginAfterContactCost: '5.00',
        contactCostRate: '0.1000',
      },
      {
        customerClass: 'B',
        customerType: 'distributor',
        contacts: 1,
        contactCost: '45.00',
        orders: 1,
        revenue: '420.00',
        grossMargin: '120.00',
        marginAfterContactCost: '75.00',
        contactCostRate: '0.1071',
      },
      {
        customerClass: 'C',
        customerType: 'retail',
        contacts: 1,
        contactCost: '1.25',
        orders: 0,
        revenue: '0.00',
        grossMargin: '0.00',
        marginAfterContactCost: '-1.25',
        contactCostRate: null,
      },
    ]);
  });

  it('answers empty lists for a range without activity', async () => {
    const response = await h.get('/analytics/channels?from=2020-01-01&to=2020-12-31');
    expect(response.json()).toMatchObject({ contactChannels: [], salesChannels: [], segments: [] });
  });

  it.each([
    ['from=2026-11-30&to=2026-11-01', 'to'],
    ['to=2026-11-30', 'from'],
    ['from=2026-11-01&to=2026-11-31', 'to'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await h.get(`/analytics/channels?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
