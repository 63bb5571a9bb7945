import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventIdFor, PostgresEventStore, type EventToAppend } from '@crm/event-store';
import {
  SCHEMA_VERSIONS,
  streams,
  type CrmEvent,
  type CustomerType,
  type OrderLine,
  type SalesChannel,
} from '@crm/events';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor, type TestDatabase } from '@crm/testing';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';
import { cents, money } from './analytics-support/analytics-harness';

/**
 * The sales cube end to end: events appended to the PostgreSQL event store, the projector following
 * it, the query API answering. The test generates the orders itself (a seeded generator, with
 * profile changes and cancellations) and checks every figure of the cube against its own sums.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let projector: RunningProjector;
let queryApi: NestFastifyApplication;

const REGIONS = ['east', 'west', 'north'];
const TYPES: CustomerType[] = ['retail', 'direct', 'distributor'];
const CHANNELS: SalesChannel[] = ['direct', 'partner', 'web'];
const CATEGORIES = ['televisions', 'audio', 'accessories'];
const PRICES = [
  '3.99',
  '19.99',
  '20.00',
  '75.50',
  '99.99',
  '100.00',
  '249.00',
  '499.99',
  '500.00',
  '1299.00',
];

/** A small deterministic generator (LCG), so that a failure can be replayed. */
const random = (() => {
  let seed = 20261123;
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n; // the high bits: the low ones of an LCG repeat quickly
  };
})();
const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;

const band = (price: string) => {
  const c = cents(price);
  return c < 2000n ? '<20' : c < 10000n ? '20-100' : c < 50000n ? '100-500' : '>=500';
};

interface Measures {
  quantity: bigint;
  amount: bigint;
  cost: bigint;
  costed: bigint;
}
const expectedRow = (m: Measures) => ({
  quantity: String(m.quantity),
  amount: money(m.amount),
  cost: money(m.cost),
  costedAmount: money(m.costed),
  grossMargin: money(m.costed - m.cost),
  // Rounded half up to 4 decimals, as PostgreSQL's round(numeric) does for positive values.
  marginRate:
    m.costed === 0n
      ? null
      : (() => {
          const scaled = ((m.costed - m.cost) * 20000n + m.costed) / (2n * m.costed);
          return `${scaled / 10000n}.${String(scaled % 10000n).padStart(4, '0')}`;
        })(),
});

let commandCount = 0;
const toAppend = (event: CrmEvent, occurredAt: string): EventToAppend => {
  const commandId = `e2e-cube-${++commandCount}`;
  return {
    ...event,
    metadata: {
      eventId: eventIdFor(commandId, 0),
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: { userId: 'e2e', role: 'system' },
      occurredAt,
      recordedAt: occurredAt,
      schemaVersion: SCHEMA_VERSIONS[event.type],
    },
  };
};

const byRegionCategory = new Map<string, Measures>();
const byBandChannelType = new Map<string, Measures>();
const total: Measures = { quantity: 0n, amount: 0n, cost: 0n, costed: 0n };
const add = (map: Map<string, Measures> | null, key: string, l: OrderLine) => {
  const m = map ? (map.get(key) ?? { quantity: 0n, amount: 0n, cost: 0n, costed: 0n }) : total;
  m.quantity += BigInt(l.quantity);
  m.amount += cents(l.amount);
  if (l.unitCost !== undefined) {
    m.cost += BigInt(l.quantity) * cents(l.unitCost);
    m.costed += cents(l.amount);
  }
  map?.set(key, m);
};

/** Queries carry an admin's token. */
let admin: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase('analytics_cube_e2e', PROJECTOR_MIGRATIONS);
  admin = await authHeaders('admin');
  const env = {
    DATABASE_URL: db.url,
    PROJECTOR_POLL_INTERVAL_MS: 50,
    PROJECTOR_BATCH_SIZE: 200,
    ...TEST_AUTH_CONFIG,
  };
  store = new PostgresEventStore({ connectionString: db.url });
  queryApi = await createQueryApi(env, { logger: false });
  await queryApi.init();
  await queryApi.getHttpAdapter().getInstance().ready();
  projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });

  // 30 customers × 10 orders of 1–3 lines in November 2026; some customers move region or change
  // type half-way; every seventh order is cancelled again.
  for (let c = 1; c <= 30; c++) {
    const customerId = `cube-${c}`;
    let region = pick(REGIONS);
    let type = pick(TYPES);
    const events: EventToAppend[] = [
      toAppend(
        {
          type: 'CustomerRegistered',
          data: { customerId, name: `Cube ${c}`, type, region, registeredAt: '2026-01-01T00:00:00Z' },
        },
        '2026-01-01T00:00:00Z',
      ),
    ];
    for (let o = 1; o <= 10; o++) {
      if (o === 6 && c % 3 === 0) {
        region = pick(REGIONS);
        type = pick(TYPES);
        events.push(
          toAppend(
            {
              type: 'CustomerProfileUpdated',
              data: { customerId, changes: { region, type }, updatedAt: '2026-11-15T00:00:00Z' },
            },
            '2026-11-15T00:00:00Z',
          ),
        );
      }
      const orderId = `${customerId}-o${o}`;
      const channel = pick(CHANNELS);
      const lines: OrderLine[] = Array.from({ length: 1 + random(3) }, () => {
        const unitPrice = pick(PRICES);
        const quantity = 1 + random(5);
        const costed = random(4) !== 0;
        return {
          sku: 'SKU',
          category: pick(CATEGORIES),
          brand: 'Lumina',
          quantity,
          unitPrice,
          ...(costed ? { unitCost: money((cents(unitPrice) * 7n) / 10n) } : {}),
          amount: money(BigInt(quantity) * cents(unitPrice)),
        };
      });
      const orderedAt = `2026-11-${String(1 + random(30)).padStart(2, '0')}T${String(random(24)).padStart(2, '0')}:00:00Z`;
      events.push(
        toAppend(
          {
            type: 'OrderRecorded',
            data: {
              customerId,
              orderId,
              channel,
              lines,
              totalQuantity: lines.reduce((s, l) => s + l.quantity, 0),
              totalAmount: money(lines.reduce((s, l) => s + cents(l.amount), 0n)),
              orderedAt,
            },
          },
          orderedAt,
        ),
      );
      if ((c * 10 + o) % 7 === 0) {
        events.push(
          toAppend(
            {
              type: 'OrderCancelled',
              data: { customerId, orderId, reason: 'test', cancelledAt: '2026-12-01T00:00:00Z' },
            },
            '2026-12-01T00:00:00Z',
          ),
        );
        continue;
      }
      for (const l of lines) {
        add(byRegionCategory, `${region}|${l.category}`, l);
        add(byBandChannelType, `${band(l.unitPrice)}|${channel}|${type}`, l);
        add(null, '', l);
      }
    }
    await store.appendToStream(streams.customer(customerId), events, { expectedVersion: 'no_stream' });
  }
});

afterAll(async () => {
  await projector?.stop();
  await queryApi?.close();
  await store?.close();
  await db?.drop();
});

const cube = (query: string) =>
  queryApi.inject({
    method: 'GET',
    url: `/analytics/sales?from=2026-11-01&to=2026-11-30${query}`,
    headers: admin,
  });

describe('the sales cube over the whole pipeline', () => {
  it('totals net November sales exactly as the test sums them', async () => {
    const response = await waitFor(
      () => cube(''),
      (r) => r.statusCode === 200 && r.json().totals.amount === money(total.amount),
      { what: 'every order to be projected', timeoutMs: 30_000 },
    );
    expect(total.costed).toBeGreaterThan(total.cost); // margins are exercised, not only zeros
    expect(response.json().totals).toEqual({ ...expectedRow(total), listAmount: money(total.amount) });
  });

  it('matches every region × category cell, with the region the customer had when ordering', async () => {
    const response = await cube('&groupBy=region,category');
    const actual = response.json().rows.map((r: Record<string, unknown>) => {
      const { listAmount: _list, ...rest } = r;
      return rest;
    });
    const expected = [...byRegionCategory.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, m]) => {
        const [region, category] = key.split('|');
        return { region, category, ...expectedRow(m) };
      });
    expect(actual).toEqual(expected);
  });

  it('matches every price band × channel × customer type cell', async () => {
    const response = await cube('&groupBy=priceBand,channel,customerType');
    const actual = new Map<string, unknown>(
      response.json().rows.map((r: Record<string, string>) => {
        const { priceBand, channel, customerType, listAmount: _list, ...measures } = r;
        return [`${priceBand}|${channel}|${customerType}`, measures];
      }),
    );
    const expected = new Map([...byBandChannelType.entries()].map(([key, m]) => [key, expectedRow(m)]));
    expect(actual).toEqual(expected);
  });
});

describe('the analytics endpoints in OpenAPI', () => {
  it('documents each endpoint with its query parameters and response schema', async () => {
    const doc = (await queryApi.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/analytics/sales',
        '/analytics/contact-compliance',
        '/analytics/competitors',
        '/analytics/channels',
        '/reps/{id}/scorecard',
      ]),
    );
    const sales = doc.paths['/analytics/sales'].get;
    expect(sales.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'groupBy']),
    );
    expect(sales.responses['200'].content['application/json'].schema.$ref).toMatch(/SalesCubeView$/);
    expect(Object.keys(doc.components.schemas.SalesMeasuresView.properties)).toEqual(
      expect.arrayContaining(['quantity', 'amount', 'cost', 'grossMargin', 'marginRate']),
    );
  });
});
