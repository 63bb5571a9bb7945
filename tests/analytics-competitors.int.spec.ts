import { AnalyticsHarness } from './analytics-support/analytics-harness';

/** Competitor feedback (seed 000): by competitor × product × region, and a monthly trend. */
let h: AnalyticsHarness;

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_competitors');
  await h.feed([
    h.registered('k1', { region: 'east' }),
    h.registered('k2', { region: 'west' }),
    h.feedback('k1', { rating: 3, comment: 'too pricey', observedAt: '2026-10-05T10:00:00Z' }),
    h.feedback('k1', { rating: 4, observedAt: '2026-11-02T10:00:00Z' }),
    h.feedback('k1', { rating: 4, comment: '', observedAt: '2026-11-03T10:00:00Z' }),
    h.feedback('k2', { rating: 5, comment: 'fast delivery', observedAt: '2026-11-10T10:00:00Z' }),
    h.feedback('k1', {
      competitor: 'Bolt',
      product: 'B2',
      rating: 2,
      comment: 'weak',
      observedAt: '2026-11-20T10:00:00Z',
    }),
    h.profileUpdated('k1', { region: 'north' }),
    h.feedback('k1', { rating: 1, comment: 'broke', observedAt: '2026-12-01T00:00:00Z' }),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

const competitors = async (query = '') => {
  const response = await h.get(`/analytics/competitors${query}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('GET /analytics/competitors', () => {
  it('counts feedback and averages ratings exactly per competitor, product and region', async () => {
    const body = await competitors();
    expect(body.products).toEqual([
      // 3, 4 and 4: 11 / 3 = 3.666… → 3.67; an empty comment is no comment.
      {
        competitor: 'Acme',
        product: 'Acme X1',
        region: 'east',
        count: 3,
        averageRating: '3.67',
        lastCommentAt: '2026-10-05T10:00:00.000Z',
      },
      // Heard after the customer moved north: filed under the region it was heard in.
      {
        competitor: 'Acme',
        product: 'Acme X1',
        region: 'north',
        count: 1,
        averageRating: '1.00',
        lastCommentAt: '2026-12-01T00:00:00.000Z',
      },
      {
        competitor: 'Acme',
        product: 'Acme X1',
        region: 'west',
        count: 1,
        averageRating: '5.00',
        lastCommentAt: '2026-11-10T10:00:00.000Z',
      },
      {
        competitor: 'Bolt',
        product: 'B2',
        region: 'east',
        count: 1,
        averageRating: '2.00',
        lastCommentAt: '2026-11-20T10:00:00.000Z',
      },
    ]);
  });

  it('gives a monthly trend per competitor and product', async () => {
    const body = await competitors();
    expect(body.trend).toEqual([
      { month: '2026-10', competitor: 'Acme', product: 'Acme X1', count: 1, averageRating: '3.00' },
      { month: '2026-11', competitor: 'Acme', product: 'Acme X1', count: 3, averageRating: '4.33' },
      { month: '2026-11', competitor: 'Bolt', product: 'B2', count: 1, averageRating: '2.00' },
      { month: '2026-12', competitor: 'Acme', product: 'Acme X1', count: 1, averageRating: '1.00' },
    ]);
  });

  it('filters by a range of whole days and by region', async () => {
    const body = await competitors('?from=2026-11-01&to=2026-11-30&region=east');
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-11-30', region: 'east' });
    expect(body.products).toEqual([
      {
        competitor: 'Acme',
        product: 'Acme X1',
        region: 'east',
        count: 2,
        averageRating: '4.00',
        lastCommentAt: null,
      },
      {
        competitor: 'Bolt',
        product: 'B2',
        region: 'east',
        count: 1,
        averageRating: '2.00',
        lastCommentAt: '2026-11-20T10:00:00.000Z',
      },
    ]);
    expect(body.trend.map((t: { count: number }) => t.count)).toEqual([2, 1]);
    const lastDay = await competitors('?from=2026-12-01&to=2026-12-01');
    expect(lastDay.products.map((p: { region: string }) => p.region)).toEqual(['north']);
  });

  it.each([
    ['?from=2026-12-01&to=2026-11-01', 'to'],
    ['?from=2026-11-31', 'from'],
    ['?to=11/30/2026', 'to'],
    ['?region=east&colour=red', 'colour'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await h.get(`/analytics/competitors${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
