import { daysAgo, startValuePipeline, type ValuePipeline } from './value-support/value-pipeline';

/**
 * The customer list and detail over HTTP: commands → event store → projector → query API,
 * on the scenario of startValuePipeline. Business times follow the real clock ("now" is the
 * reads' default as-of).
 */
let pipeline: ValuePipeline;

beforeAll(async () => {
  pipeline = await startValuePipeline('value_customers_e2e');
});
afterAll(async () => {
  await pipeline?.close();
});

const get = (url: string) => pipeline.get(url);

const ids = (r: { json(): { items: Array<{ customerId: string }> } }) =>
  r.json().items.map((i) => i.customerId);

describe('GET /customers', () => {
  it('filters by ABC class, lifecycle stage, owner, region, type and text', async () => {
    expect(ids(await get('/customers?class=A'))).toEqual(['val-a']);
    expect(ids(await get('/customers?class=B'))).toEqual(['val-c']);
    expect(ids(await get('/customers?stage=new'))).toEqual(['val-a']);
    expect(ids(await get('/customers?stage=at_risk'))).toEqual(['val-c']);
    expect(ids(await get('/customers?stage=dormant'))).toEqual(['val-b']);
    expect(ids(await get('/customers?stage=prospect'))).toEqual(['val-d']);
    expect(ids(await get('/customers?owner=rep-v2'))).toEqual(['val-a']);
    expect(ids(await get('/customers?region=west&type=retail'))).toEqual(['val-d']);
    expect(ids(await get('/customers?q=ext-001'))).toEqual(['val-a']);
    expect(ids(await get('/customers?q=TRADING%20group'))).toEqual(['val-b']);
    expect((await get('/customers?q=100%25')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('pages with a keyset cursor in the requested sort, the total on every page', async () => {
    const walk = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await get(`/customers?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.statusCode).toBe(200);
        expect(r.json().total).toBe(4);
        seen.push(...ids(r));
        cursor = r.json().nextCursor;
      } while (cursor);
      return seen;
    };
    // val-a and val-b both have 1000.00: ties go by id, in the direction of the sort
    expect(await walk('sort=revenue&order=desc')).toEqual(['val-b', 'val-a', 'val-c', 'val-d']);
    expect(await walk('sort=revenue&order=asc')).toEqual(['val-d', 'val-c', 'val-a', 'val-b']);
    expect(await walk('sort=lastOrderAt&order=desc')).toEqual(['val-a', 'val-c', 'val-b', 'val-d']);
    expect(await walk('sort=lastOrderAt&order=asc')).toEqual(['val-b', 'val-c', 'val-a', 'val-d']);
    expect(await walk('sort=name')).toEqual(['val-a', 'val-b', 'val-d', 'val-c']);
    expect(await walk('sort=customerId&order=desc')).toEqual(['val-d', 'val-c', 'val-b', 'val-a']);
  });

  it('answers 400 naming the field for a bad filter, sort or cursor', async () => {
    const fields = async (url: string) => {
      const r = await get(url);
      expect(r.statusCode).toBe(400);
      return r.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fields('/customers?class=D')).toContain('class');
    expect(await fields('/customers?stage=sleepy')).toContain('stage');
    expect(await fields('/customers?sort=profit')).toContain('sort');
    expect(await fields('/customers?limit=0')).toContain('limit');
    const byRevenue = (await get('/customers?sort=revenue&limit=1')).json().nextCursor as string;
    expect(await fields(`/customers?sort=name&limit=1&cursor=${byRevenue}`)).toEqual(['cursor']);
    expect(await fields('/customers?cursor=not-a-cursor')).toEqual(['cursor']);
  });
});

describe('GET /customers/{id}', () => {
  it('shows value, receivables, contact cost, RFM, ABC and the lifecycle with its history', async () => {
    const r = await get('/customers/val-a');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      customerId: 'val-a',
      ownerRepId: 'rep-v2',
      lifecycleStage: 'new',
      abcClass: 'A',
      key: true,
      orderCount: 1,
      revenue: '1000.00',
      outstanding: '600.00',
      visitCount: 1,
      visitCost: '50.00',
      value: {
        grossMargin: '999.00',
        priceRealisation: '1.0000',
        paid: '400.00',
        outstanding: '600.00',
        contactCost: '50.00',
        costToServe: '0.0500',
        marginAfterContactCost: '949.00',
      },
      abc: {
        abcClass: 'A',
        rank: 1,
        population: 4,
        measure: 'revenue',
        measureValue: '1000.00',
        policyVersion: 1,
      },
      // ntile(5) over the 3 customers with orders: scores 1..3; monetary ties (1000.00) by id
      rfm: { recency: 3, frequency: 1, monetary: 2, score: '312', buckets: 5, population: 3 },
    });
    const { lifecycle } = r.json();
    expect(lifecycle.stage).toBe('new');
    expect(lifecycle.history.map((h: { stage: string }) => h.stage)).toEqual(['prospect', 'new']);
    expect(lifecycle.since).toBe(daysAgo(10));
    expect(lifecycle.next).toEqual({ stage: 'at_risk', at: daysAgo(10 - 90) });
  });

  it('reverses a cancelled order and shows the stage in force at a past asOf', async () => {
    const c = (await get('/customers/val-c')).json();
    expect(c).toMatchObject({ orderCount: 2, revenue: '550.00', lifecycleStage: 'at_risk', abcClass: 'B' });
    // c-1 was 300 days ago: dormant from 120 days ago until c-2, 100 days ago
    const past = (await get(`/customers/val-c?asOf=${encodeURIComponent(daysAgo(110))}`)).json();
    expect(past.lifecycleStage).toBe('dormant');
    expect(past.lifecycle.since).toBe(daysAgo(120));
    expect(past.lifecycle.next).toEqual({ stage: 'reactivated', at: daysAgo(100) });
    expect(past.rfm).toMatchObject({ orders: 1, revenue: '50.00' });
  });

  it('answers 404 for an unknown customer and 400 for a bad asOf', async () => {
    expect((await get('/customers/nobody')).statusCode).toBe(404);
    const bad = await get('/customers/val-a?asOf=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('asOf');
  });
});
