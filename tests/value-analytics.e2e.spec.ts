import { daysAgo, startValuePipeline, type ValuePipeline } from './value-support/value-pipeline';

/**
 * ABC, Pareto, lifecycle funnel and receivables over HTTP: commands → event store → projector → query API,
 * on the scenario of startValuePipeline. Business times follow the real clock ("now" is the
 * reads' default as-of).
 */
let pipeline: ValuePipeline;

beforeAll(async () => {
  pipeline = await startValuePipeline('value_analytics_e2e');
});
afterAll(async () => {
  await pipeline?.close();
});

const get = (url: string) => pipeline.get(url);

describe('segmentation analytics', () => {
  it('GET /analytics/abc: class sizes, measure and shares, cut-offs, the policy version', async () => {
    const r = (await get('/analytics/abc')).json();
    expect(r).toMatchObject({
      policyVersion: 1,
      measure: 'revenue',
      windowMonths: 12,
      population: 4,
      totalMeasure: '1850.00',
    });
    expect(r.classes).toEqual([
      expect.objectContaining({
        abcClass: 'A',
        customers: 1,
        measure: '1000.00',
        measureShare: '0.5405',
        lastRank: 1,
        measureAtCutoff: '1000.00',
      }),
      expect.objectContaining({
        abcClass: 'B',
        customers: 1,
        measure: '550.00',
        lastRank: 2,
        measureAtCutoff: '550.00',
      }),
      expect.objectContaining({
        abcClass: 'C',
        customers: 2,
        measure: '300.00',
        customerShare: '0.5000',
        lastRank: 4,
      }),
    ]);
  });

  it('GET /analytics/pareto: share of the measure by share of customers and the exact top 20%', async () => {
    const r = (await get('/analytics/pareto?points=4')).json();
    expect(
      r.points.map((p: { customers: number; measureShare: string }) => [p.customers, p.measureShare]),
    ).toEqual([
      [1, '0.5405'],
      [2, '0.8378'],
      [3, '1.0000'],
      [4, '1.0000'],
    ]);
    expect(r.top20).toMatchObject({ customers: 1, measureShare: '0.5405' });
    expect((await get('/analytics/pareto?points=0')).statusCode).toBe(400);
  });

  it('GET /analytics/funnel: customers entering each stage per month', async () => {
    const month = (iso: string) => iso.slice(0, 7);
    const from = month(daysAgo(520));
    const to = month(daysAgo(0));
    const r = (await get(`/analytics/funnel?from=${from}&to=${to}`)).json();
    const sum = (stage: string) =>
      r.months.reduce((s: number, m: { entered: Record<string, number> }) => s + m.entered[stage], 0);
    expect(sum('prospect')).toBe(4);
    expect(sum('new')).toBe(3);
    expect(sum('dormant')).toBe(3); // val-b after b-1 and after b-2, val-c between c-1 and c-2
    expect(sum('reactivated')).toBe(2); // val-b at b-2, val-c at c-2
    const aMonth = r.months.find((m: { month: string }) => m.month === month(daysAgo(10)));
    expect(aMonth.entered.new).toBeGreaterThanOrEqual(1);
    const bad = await get(`/analytics/funnel?from=${to}&to=${from}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
  });

  it('GET /analytics/receivables: outstanding by customer, rep and region with ageing buckets', async () => {
    const byCustomer = (await get('/analytics/receivables?by=customer')).json();
    expect(byCustomer.items.find((i: { key: string }) => i.key === 'val-a')).toMatchObject({
      name: 'Alpha Foods',
      outstanding: '600.00',
      days0To30: '600.00',
      openOrders: 1,
    });
    expect(byCustomer.total).toMatchObject({ outstanding: '2150.00', openOrders: 5 });
    expect(byCustomer.items.find((i: { key: string }) => i.key === 'val-b')).toMatchObject({
      outstanding: '1000.00',
      daysOver90: '1000.00',
    });
    const byRegion = (await get('/analytics/receivables?by=region')).json();
    expect(byRegion.items.map((i: { key: string; outstanding: string }) => [i.key, i.outstanding])).toEqual([
      ['east', '1600.00'],
      ['west', '550.00'],
    ]);
  });

  it('documents every endpoint in OpenAPI', async () => {
    const doc = (await get('/docs-json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/customers',
        '/customers/{id}',
        '/analytics/abc',
        '/analytics/pareto',
        '/analytics/funnel',
        '/analytics/receivables',
      ]),
    );
  });
});
