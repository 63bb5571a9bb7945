import fc from 'fast-check';
import { DataSource } from 'typeorm';
import type { CrmEvent, OrderLine } from '@crm/events';
import { READ_MODEL_MIGRATIONS, repQuotaProjection } from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import {
  applyByEveryRoute,
  day,
  expectSameRows,
  inSchema,
  money,
  orderLine,
  prepareLike,
  toLog,
} from './batch-support/batch-routes';

/**
 * Rep quota's set-based batch against the reference: reps onboarded twice, quota revisions going up
 * and down, territories replaced, and orders (with or without a rep) recorded, cancelled and recorded
 * again over a few customers and order ids, so that each key comes back many times in a batch,
 * applied one event at a time with `apply` and in batches of several sizes with `applyBatch`, give
 * the same rows, table by table.
 */

type Event = Pick<CrmEvent, 'type' | 'data'>;

const factory = inSchema(repQuotaProjection);
/** Event sequences tried (a fixed seed: the same ones every time). */
const RUNS = 30;

const repId = fc.constantFrom('rep-1', 'rep-2');
const names = fc.array(fc.constantFrom('north', 'south', 'east', 'west'), { maxLength: 3 });

/** An amount with a thousandth now and then, so that each order's stored (rounded) value is what adds up. */
const fineMoney = fc
  .tuple(fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 0, max: 9 }), fc.boolean())
  .map(([cents, thousandth, fine]) => (fine ? `${money(cents)}${thousandth}` : money(cents)));

const repEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    type: fc.constant('RepOnboarded' as const),
    data: fc.record(
      {
        repId,
        name: fc.constantFrom('Ann', 'Bob'),
        region: fc.constantFrom('north', 'south'),
        managerId: fc.constant('mgr-1'),
        onboardedAt: day,
      },
      { requiredKeys: ['repId', 'name', 'region', 'onboardedAt'] },
    ),
  }),
  fc.record({
    type: fc.constant('QuotaAssigned' as const),
    data: fc.record({
      repId,
      period: fc.constantFrom('2026-01', '2026-02', '2026-Q1'),
      targetAmount: fineMoney,
      targetVolume: fc.integer({ min: 0, max: 500 }),
      categoryTargets: fc.array(
        fc.record({
          category: fc.constantFrom('televisions', 'audio'),
          targetAmount: fc.integer({ min: 0, max: 90_000 }).map(money),
          targetVolume: fc.integer({ min: 0, max: 50 }),
        }),
        { maxLength: 2 },
      ),
      revision: fc.integer({ min: 1, max: 4 }),
    }),
  }),
  fc.record({
    type: fc.constant('TerritoryAssigned' as const),
    data: fc.record({
      repId,
      regions: names,
      categories: fc.array(fc.constantFrom('televisions', 'audio'), { maxLength: 2 }),
      brands: fc.array(fc.constantFrom('Lumina', 'Sonora', 'Vox "Pro"'), { maxLength: 3 }),
      assignedAt: day,
    }),
  }),
);

/** A line whose list price has a thousandth now and then, so that list amounts round per order. */
const fineLine: fc.Arbitrary<OrderLine> = fc
  .tuple(orderLine, fc.integer({ min: 0, max: 9 }))
  .map(([line, thousandth]) =>
    line.listPrice !== undefined && thousandth > 4
      ? { ...line, listPrice: `${line.listPrice}${thousandth}` }
      : line,
  );

const orderEvent = (customers: number): fc.Arbitrary<Event> => {
  const customerId = fc.integer({ min: 1, max: customers }).map((n) => `c-${n}`);
  const orderId = fc.constantFrom('o-1', 'o-2', 'o-3');
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record(
          {
            customerId,
            orderId,
            repId,
            channel: fc.constantFrom('direct' as const, 'web' as const),
            lines: fc.array(fineLine, { maxLength: 3 }),
            totalAmount: fineMoney,
            // Often one of two times either side of midnight UTC, so that a rep's days fill up.
            orderedAt: fc.oneof(fc.constantFrom('2026-01-05T23:30:00.000Z', '2026-01-06T00:30:00.000Z'), day),
          },
          { requiredKeys: ['customerId', 'orderId', 'channel', 'lines', 'totalAmount', 'orderedAt'] },
        )
        .map((d) => ({
          type: 'OrderRecorded' as const,
          data: { ...d, totalQuantity: d.lines.reduce((n, l) => n + l.quantity, 0) },
        })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('OrderCancelled' as const),
        data: fc.record({ customerId, orderId, reason: fc.constant('changed mind'), cancelledAt: day }),
      }),
    },
  );
};

const scenario = fc.integer({ min: 1, max: 3 }).chain((customers) =>
  fc.array(fc.oneof({ weight: 1, arbitrary: repEvent }, { weight: 2, arbitrary: orderEvent(customers) }), {
    minLength: 1,
    maxLength: 60,
  }),
);

describe('rep quota, set-based batches', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let tables: string[];

  beforeAll(async () => {
    db = await createTestDatabase('projection_batch_rep_quota', READ_MODEL_MIGRATIONS);
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    tables = await prepareLike(dataSource, factory);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('has a batch route', () => {
    expect(typeof factory('read_models').applyBatch).toBe('function');
  });

  it('gives the same rows in batches of any size as event by event', async () => {
    /** Per table, the runs in which the reference wrote rows to it. */
    const filled = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(scenario, async (events) => {
        const routes = await applyByEveryRoute(dataSource, factory, tables, toLog(events));
        for (const [table, rows] of Object.entries(routes.by_event!))
          if (rows.length > 0) filled.set(table, (filled.get(table) ?? 0) + 1);
        expectSameRows(routes);
      }),
      { numRuns: RUNS, seed: 7 },
    );
    // The comparison is not between empty tables only: every table has rows in a good part of the
    // runs, and the orders' tables (the bulk of a replay) in most.
    for (const table of tables) expect(filled.get(table) ?? 0).toBeGreaterThan(RUNS / 4);
    for (const table of ['rep_order', 'rep_sales_day']) expect(filled.get(table)).toBeGreaterThan(RUNS / 2);
  });

  it('gives the same rows when one customer, its orders and the reps come back many times in a batch', async () => {
    const events = fc.sample(fc.oneof(repEvent, orderEvent(1), orderEvent(1)), { numRuns: 300, seed: 11 });
    const routes = await applyByEveryRoute(dataSource, factory, tables, toLog(events));
    for (const table of tables) expect(routes.by_event![table]!.length).toBeGreaterThan(0);
    expectSameRows(routes);
  });

  it('keeps a cancelled order out when it is recorded again, and a quota revision lower than the current one', async () => {
    const order = (
      orderId: string,
      totalAmount: string,
      rep?: string,
      orderedAt = '2026-01-05T10:00:00.000Z',
    ): Event => ({
      type: 'OrderRecorded',
      data: {
        customerId: 'c-1',
        orderId,
        ...(rep ? { repId: rep } : {}),
        channel: 'web',
        lines: [
          {
            sku: 's',
            category: 'audio',
            brand: 'Lumina',
            quantity: 3,
            unitPrice: '1.00',
            listPrice: '1.005',
            amount: '3.00',
          },
        ],
        totalQuantity: 3,
        totalAmount,
        orderedAt,
      },
    });
    const cancel = (orderId: string, cancelledAt: string): Event => ({
      type: 'OrderCancelled',
      data: { customerId: 'c-1', orderId, reason: 'changed mind', cancelledAt },
    });
    const quota = (revision: number, targetAmount: string): Event => ({
      type: 'QuotaAssigned',
      data: {
        repId: 'rep-1',
        period: '2026-01',
        targetAmount,
        targetVolume: 10,
        categoryTargets: [],
        revision,
      },
    });
    const events = toLog([
      quota(2, '100.00'),
      order('o-1', '10.005', 'rep-1'),
      quota(1, '50.00'),
      cancel('o-1', '2026-01-06T12:00:00.000Z'),
      order('o-1', '99.00', 'rep-1'),
      cancel('o-1', '2026-01-07T12:00:00.000Z'),
      quota(2, '70.00'),
      order('o-2', '5.00'),
      cancel('o-2', '2026-01-06T00:00:00.000Z'),
      order('o-2', '7.50', 'rep-2'),
      order('o-3', '2.345', 'rep-1'),
      order('o-3', '2.345', 'rep-1'),
      quota(3, '120.00'),
      quota(2, '80.00'),
    ]);
    const routes = await applyByEveryRoute(dataSource, factory, tables, events);
    expectSameRows(routes);
    // The reference went where the sequence means to take it.
    const rows = (table: string) =>
      routes.by_event![table]!.map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(rows('rep_quota')).toMatchObject([{ revision: 3, target_amount: 120, last_global_position: 13 }]);
    expect(rows('rep_order')).toMatchObject([
      { order_id: 'o-1', amount: 10.01, cancelled_at: expect.stringContaining('2026-01-06') },
      { order_id: 'o-2', rep_id: 'rep-2', cancelled_at: null },
      { order_id: 'o-3', rep_id: 'rep-1', amount: 2.35, list_amount: 3.02, cancelled_at: null },
    ]);
    expect(rows('rep_sales_day')).toMatchObject([
      { rep_id: 'rep-1', amount: 2.35, order_count: 1 },
      { rep_id: 'rep-2', amount: 7.5, order_count: 1 },
    ]);
  });
});
