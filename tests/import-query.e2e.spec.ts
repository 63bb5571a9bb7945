import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor, type TestDatabase } from '@crm/testing';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import { silentProgress } from '../apps/importer/src/import/import-progress';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';

/**
 * The real CDNOW sample, imported through the command path, projected, and read back from the
 * query API: customers, orders and revenue (exact to the cent) and the ABC class sizes, against
 * figures computed here from the file itself, independently of the importer and the read models.
 */
const SAMPLE = path.resolve(__dirname, '../../shared/datasets/cdnow/CDNOW_sample.txt');
/** After the last purchase in the file (1998-06-30): the 12-month window is [1997-07-01, 1998-07-01). */
const AS_OF = '1998-07-01T00:00:00Z';
const WINDOW_START = '19970701';
const WINDOW_END = '19980701';

const cents = (money: string): bigint => {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money);
  if (!match) throw new Error(`not a dollar amount with at most 2 decimals: ${money}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
};

interface CustomerFigures {
  orders: number;
  revenue: bigint;
  windowRevenue: bigint;
}

/** Per source customer (sample layout: master id, sample id, date, CDs, dollars): orders and revenue. */
const figuresFromFile = (): Map<string, CustomerFigures> => {
  const customers = new Map<string, CustomerFigures>();
  for (const line of readFileSync(SAMPLE, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const [masterId, , date, , value] = line.trim().split(/\s+/) as [string, string, string, string, string];
    const figures = customers.get(masterId) ?? { orders: 0, revenue: 0n, windowRevenue: 0n };
    figures.orders += 1;
    figures.revenue += cents(value);
    if (date >= WINDOW_START && date < WINDOW_END) figures.windowRevenue += cents(value);
    customers.set(masterId, figures);
  }
  return customers;
};

/** ceil(percent · n / 100) in integers. */
const ceilPercent = (percent: number, n: number) => Math.floor((percent * n + 99) / 100);

const sum = (values: bigint[]) => values.reduce((total, v) => total + v, 0n);

let db: TestDatabase;
let queryApi: NestFastifyApplication;
let projector: RunningProjector;

beforeAll(async () => {
  db = await createTestDatabase('import_query_e2e', PROJECTOR_MIGRATIONS);
  const store = new PostgresEventStore({ connectionString: db.url });
  try {
    const summary = await importCdnowFile(SAMPLE, store, { batchSize: 500, progress: silentProgress });
    expect(summary.refused).toEqual([]);
  } finally {
    await store.close();
  }
  projector = await startProjector(
    { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50 },
    { log: () => undefined, error: (m) => console.error(m) },
  );
  admin = await authHeaders('admin');
  queryApi = await createQueryApi(
    { DATABASE_URL: db.url, QUERY_CONSISTENCY_TIMEOUT_MS: 5000, ...TEST_AUTH_CONFIG },
    { logger: false },
  );
  await queryApi.init();
  await queryApi.getHttpAdapter().getInstance().ready();
}, 60_000);

afterAll(async () => {
  await projector?.stop();
  await queryApi?.close();
  await db?.drop();
});

/** Queries carry an admin's token. */
let admin: Record<string, string>;
const get = (url: string, headers: Record<string, string> = {}) =>
  queryApi.inject({ method: 'GET', url, headers: { ...admin, ...headers } });

/** The position of the last event in the global log: what the projections must pass. */
const headOfLog = async (): Promise<string> => {
  const store = new PostgresEventStore({ connectionString: db.url });
  try {
    let last: string | null = null;
    for (let page = await store.readAll(null, 5000); page.length > 0; page = await store.readAll(last, 5000))
      last = page[page.length - 1]!.logPosition;
    if (last === null) throw new Error('the import appended nothing');
    return last;
  } finally {
    await store.close();
  }
};

describe('CDNOW sample: import → projector → query API', () => {
  const expected = figuresFromFile();

  beforeAll(async () => {
    const token = await headOfLog();
    // Each request waits up to QUERY_CONSISTENCY_TIMEOUT_MS for the projections to pass the token.
    await waitFor(
      () => get('/customers?limit=1', { 'x-consistency-token': token }),
      (r) => r.statusCode === 200 && r.headers['x-consistency'] === 'fresh',
      { timeoutMs: 75_000, intervalMs: 0, what: 'the projector to catch up with the imported log' },
    );
  }, 80_000);

  it('serves one customer per source customer (GET /customers total)', async () => {
    const response = await get('/customers?limit=1');
    expect(response.statusCode).toBe(200);
    expect(expected.size).toBe(2357);
    expect(response.json().total).toBe(expected.size);
  });

  it("serves every customer's order count and revenue, and their totals, exact to the cent", async () => {
    const served = new Map<string, { orders: number; revenue: bigint }>();
    let cursor: string | null = null;
    do {
      const response = await get(`/customers?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as {
        items: Array<{ externalId: string; orderCount: number; revenue: string }>;
        nextCursor: string | null;
      };
      for (const c of page.items)
        served.set(c.externalId, { orders: c.orderCount, revenue: cents(c.revenue) });
      cursor = page.nextCursor;
    } while (cursor !== null);

    const totals = (m: Map<string, { orders: number; revenue: bigint }>) => ({
      customers: m.size,
      orders: [...m.values()].reduce((n, c) => n + c.orders, 0),
      revenue: sum([...m.values()].map((c) => c.revenue)),
    });
    expect(totals(served)).toEqual(totals(expected));
    expect(totals(served).orders).toBe(6919);
    expect(served).toEqual(
      new Map([...expected].map(([id, c]) => [id, { orders: c.orders, revenue: c.revenue }])),
    );
  });

  it('sizes the ABC classes by the cut-off rule: A = ceil(5% · N), A + B = ceil(20% · N), N = customers registered before asOf', async () => {
    const response = await get(`/analytics/abc?asOf=${AS_OF}`);
    expect(response.statusCode).toBe(200);
    const abc = response.json() as {
      measure: string;
      windowMonths: number;
      windowStart: string;
      population: number;
      totalRevenue: string;
      classes: Array<{
        abcClass: string;
        customers: number;
        firstRank: number | null;
        lastRank: number | null;
        measure: string;
      }>;
    };
    // Every customer registered at its first purchase, all before asOf.
    const n = expected.size;
    const a = ceilPercent(5, n);
    const ab = ceilPercent(20, n);
    expect([a, ab]).toEqual([118, 472]);
    expect(abc).toMatchObject({
      measure: 'revenue',
      windowMonths: 12,
      windowStart: '1997-07-01T00:00:00.000Z',
      population: n,
    });
    expect(abc.classes.map((c) => [c.abcClass, c.customers, c.firstRank, c.lastRank])).toEqual([
      ['A', a, 1, a],
      ['B', ab - a, a + 1, ab],
      ['C', n - ab, ab + 1, n],
    ]);

    // The measure: revenue in the window, ranked descending; the sum of a rank range does not depend on ties.
    const ranked = [...expected.values()]
      .map((c) => c.windowRevenue)
      .sort((x, y) => (x > y ? -1 : x < y ? 1 : 0));
    expect(cents(abc.totalRevenue)).toBe(sum(ranked));
    expect(abc.classes.map((c) => cents(c.measure))).toEqual([
      sum(ranked.slice(0, a)),
      sum(ranked.slice(a, ab)),
      sum(ranked.slice(ab)),
    ]);
  });
});
