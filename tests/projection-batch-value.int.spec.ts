import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  DEFAULT_SEGMENTATION_POLICY,
  type CrmEvent,
  type CustomerEvent,
  type PaymentReceived,
  type SegmentationPolicyChanged,
} from '@crm/events';
import { createCustomerValueProjection, READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import {
  applyByEveryRoute,
  customerEvent,
  day,
  expectSameRows,
  money,
  ROUTE_SCHEMAS,
  toLog,
  type Factory,
} from './batch-support/batch-routes';

/**
 * Customer value's batch route (waves of one event per customer, set-based statements per kind)
 * against its per-event reference: orders recorded out of time order, cancelled, recorded again,
 * paid, customers' events before their registration, and policy changes in the middle of a batch,
 * applied one event at a time with `apply` and in batches of several sizes with `applyBatch`, give
 * the same order facts, customer values, lifecycle transitions and policies.
 */

const RUNS = 30;

/** The live policy with lifecycle thresholds of days, so that a two-month history crosses them. */
const policyChange = (version: number, days: [number, number, number]): SegmentationPolicyChanged => ({
  type: 'SegmentationPolicyChanged',
  data: {
    version,
    policy: {
      ...DEFAULT_SEGMENTATION_POLICY,
      lifecycle: { newWithinDays: days[0], atRiskAfterDays: days[1], dormantAfterDays: days[2] },
    },
    changedAt: '2026-01-01T00:00:00.000Z',
  },
});

const thresholds = fc.tuple(
  fc.integer({ min: 1, max: 10 }),
  fc.integer({ min: 2, max: 10 }),
  fc.integer({ min: 11, max: 25 }),
);

const payment = (customers: number): fc.Arbitrary<PaymentReceived> =>
  fc.record({
    type: fc.constant('PaymentReceived' as const),
    data: fc.record({
      customerId: fc.integer({ min: 1, max: customers }).map((n) => `c-${n}`),
      paymentId: fc.constantFrom('p-1', 'p-2'),
      orderId: fc.constantFrom('o-1', 'o-2', 'o-3'),
      amount: fc.integer({ min: 1, max: 50_000 }).map(money),
      receivedAt: day,
    }),
  });

/** An event of the value model, or a marker where a policy change goes. */
const valueEvent = (customers: number): fc.Arbitrary<CustomerEvent | 'policy'> =>
  fc.oneof(
    { arbitrary: customerEvent(customers), weight: 8 },
    { arbitrary: customerEvent(customers).filter((e) => e.type === 'OrderRecorded'), weight: 4 },
    { arbitrary: payment(customers), weight: 2 },
    { arbitrary: fc.constant('policy' as const), weight: 1 },
  );

const registration: CustomerEvent = {
  type: 'CustomerRegistered',
  data: {
    customerId: 'c-1',
    name: 'A',
    type: 'retail',
    region: 'north',
    registeredAt: '2026-01-01T00:00:00.000Z',
  },
};

/**
 * A policy first (short thresholds) and c-1 registered (others may be, later, or never), then
 * events; each marker becomes the next policy version. Orders get ids o-1…o-8 in turn and times
 * that mostly move forward by up to 30 days (sometimes back), so customers go through dormant gaps
 * and reactivations along the common in-order path as well as the recomputation.
 */
const valueScenario = fc
  .tuple(
    fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.array(valueEvent(n), { minLength: 10, maxLength: 60, size: 'max' })),
    fc.array(thresholds, { minLength: 5, maxLength: 5 }),
    fc.array(fc.integer({ min: -240, max: 720 }), { minLength: 60, maxLength: 60 }),
  )
  .map(([events, days, steps]) => {
    let version = 1;
    let orders = 0;
    let clock = Date.UTC(2026, 0, 2);
    const out: CrmEvent[] = [policyChange(1, days[0]!), registration];
    for (const e of events) {
      if (e === 'policy') out.push(policyChange(++version, days[version % days.length]!));
      else if (e.type !== 'OrderRecorded') out.push(e);
      else {
        clock += steps[orders % steps.length]! * 3_600_000;
        orders++;
        const orderedAt = new Date(clock).toISOString();
        out.push({ ...e, data: { ...e.data, orderId: `o-${(orders % 8) + 1}`, orderedAt } });
      }
    }
    return out;
  });

describe('customer value: set-based batches', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const factory: Factory = (schema) => createCustomerValueProjection({ schema });
  const tables = [...factory('read_models').storage!.tables];

  beforeAll(async () => {
    db = await createTestDatabase('projection_batch_value', READ_MODEL_MIGRATIONS);
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    // Each route's schema gets the model's own DDL and functions, as a rebuild's build schema does.
    const runner = dataSource.createQueryRunner();
    try {
      for (const schema of ROUTE_SCHEMAS) {
        await runner.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await factory(schema).storage!.create!(runner, schema);
      }
    } finally {
      await runner.release();
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const routes = (events: CrmEvent[]) => applyByEveryRoute(dataSource, factory, tables, toLog(events));

  it('gives the same rows in batches of any size as event by event', async () => {
    let withLifecycle = 0;
    let withRefresh = 0;
    await fc.assert(
      fc.asyncProperty(valueScenario, async (events) => {
        const result = await routes(events);
        // Customers went dormant and came back along the way.
        if (result.by_event!.lifecycle_transition!.some((r) => r.includes('"to_stage":"reactivated"')))
          withLifecycle++;
        if (events.some((e) => e.type === 'OrderCancelled')) withRefresh++;
        expectSameRows(result);
      }),
      { numRuns: RUNS, seed: 23 },
    );
    expect(withLifecycle).toBeGreaterThan(RUNS / 3);
    expect(withRefresh).toBeGreaterThan(RUNS / 3);
  });

  it('gives the same rows when one customer and its orders come back many times in a batch', async () => {
    const events = fc.sample(fc.oneof(customerEvent(1), payment(1)), { numRuns: 300, seed: 5 });
    const result = await routes([policyChange(1, [3, 7, 14]), ...events]);
    expect(result.by_event!.order_fact!.length).toBeGreaterThan(0);
    expectSameRows(result);
  });

  it('records an order before the last one, then cancels the last, in one batch as one by one', async () => {
    const order = (orderId: string, orderedAt: string): CustomerEvent => ({
      type: 'OrderRecorded',
      data: {
        customerId: 'c-1',
        orderId,
        channel: 'web',
        lines: [{ sku: 's', category: 'audio', brand: 'b', quantity: 2, unitPrice: '5.00', amount: '10.00' }],
        totalQuantity: 2,
        totalAmount: '10.00',
        orderedAt,
      },
    });
    const result = await routes([
      policyChange(1, [3, 7, 14]),
      registration,
      order('o-1', '2026-01-02T00:00:00.000Z'),
      order('o-3', '2026-02-20T00:00:00.000Z'),
      order('o-2', '2026-01-10T00:00:00.000Z'),
      {
        type: 'OrderCancelled',
        data: { customerId: 'c-1', orderId: 'o-3', reason: 'x', cancelledAt: '2026-02-21T00:00:00.000Z' },
      },
      policyChange(2, [5, 9, 20]),
      order('o-4', '2026-03-01T00:00:00.000Z'),
    ]);
    expectSameRows(result);
    const [customer] = result.by_event!.customer_value!.map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(customer).toMatchObject({ order_count: 3, revenue: 30 });
    // Dormant from 20 days after o-2 (policy 2), reactivated by o-4.
    expect(result.by_event!.lifecycle_transition!.some((r) => r.includes('"to_stage":"reactivated"'))).toBe(
      true,
    );
  });
});
