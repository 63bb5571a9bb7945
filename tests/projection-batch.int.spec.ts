import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { SCHEMA_VERSIONS, type CrmEvent, type CustomerEvent, type OrderLine } from '@crm/events';
import { eventIdFor, type LogEvent } from '@crm/event-store';
import {
  channelEconomicsProjection,
  customerSummaryProjection,
  interactionIndexProjection,
  ProjectionEngine,
  READ_MODEL_MIGRATIONS,
  salesCubeProjection,
  type Projection,
} from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';

/**
 * Set-based batches against the reference: for each projection with `applyBatch`, varied event
 * sequences (few customers, orders and visits, so one key comes back many times in a batch; events
 * before a registration, repeated registrations, orders recorded again after a cancellation) applied
 * one event at a time with `apply` and in batches of several sizes with `applyBatch` give the same
 * rows, table by table.
 */

/** The projection writing to a given schema. */
type Factory = (schema: string) => Projection;
const inSchema =
  (projection: Projection): Factory =>
  (schema) =>
    projection.inSchema!(schema);
const PROJECTIONS: Array<[string, Factory]> = [
  ['sales-cube', inSchema(salesCubeProjection)],
  ['channel-economics', inSchema(channelEconomicsProjection)],
  ['customer-summary', inSchema(customerSummaryProjection)],
  ['interaction-index', inSchema(interactionIndexProjection)],
];
/** Event sequences tried per projection (a fixed seed: the same ones every time). */
const RUNS = 30;
/** Batch sizes compared with event-by-event application; 0 is the whole sequence in one batch. */
const BATCH_SIZES = [1, 2, 5, 0];

const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const day = fc
  .integer({ min: 0, max: 60 * 24 })
  .map((hours) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString());

const orderLine: fc.Arbitrary<OrderLine> = fc
  .record({
    quantity: fc.integer({ min: 1, max: 5 }),
    price: fc.integer({ min: 1, max: 80_000 }),
    cost: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
    list: fc.option(fc.integer({ min: 1, max: 90_000 }), { nil: undefined }),
    category: fc.constantFrom('televisions', 'audio'),
  })
  .map(({ quantity, price, cost, list, category }) => ({
    sku: `sku-${category}`,
    category,
    brand: 'Lumina',
    quantity,
    unitPrice: money(price),
    amount: money(quantity * price),
    ...(cost === undefined ? {} : { unitCost: money(cost) }),
    ...(list === undefined ? {} : { listPrice: money(list) }),
  }));

/** Customer events over a handful of customers, orders and visits, in any order. */
const customerEvent = (customers: number): fc.Arbitrary<CustomerEvent> => {
  const customerId = fc.integer({ min: 1, max: customers }).map((n) => `c-${n}`);
  const orderId = fc.constantFrom('o-1', 'o-2', 'o-3');
  return fc.oneof(
    fc.record({
      type: fc.constant('CustomerRegistered' as const),
      data: fc.record({
        customerId,
        name: fc.constantFrom('Alpha', 'Beta'),
        type: fc.constantFrom('retail' as const, 'direct' as const, 'distributor' as const),
        region: fc.constantFrom('north', 'south'),
        industry: fc.option(fc.constant('retail trade'), { nil: undefined }),
        registeredAt: day,
      }),
    }),
    fc.record({
      type: fc.constant('CustomerProfileUpdated' as const),
      data: fc.record({
        customerId,
        changes: fc.record(
          {
            name: fc.constant('Gamma'),
            type: fc.constantFrom('retail' as const, 'direct' as const),
            region: fc.constantFrom('east', 'west'),
          },
          { requiredKeys: [] },
        ),
        updatedAt: day,
      }),
    }),
    fc.record({
      type: fc.constant('VisitLogged' as const),
      data: fc.record({
        customerId,
        visitId: fc.constantFrom('v-1', 'v-2', 'v-3'),
        repId: fc.constant('rep-1'),
        channel: fc.constantFrom('phone' as const, 'onsite' as const),
        activityType: fc.constant('check-in'),
        cost: fc.integer({ min: 0, max: 9_999 }).map(money),
        visitedAt: day,
      }),
    }),
    fc
      .record({
        customerId,
        orderId,
        channel: fc.constantFrom('direct' as const, 'web' as const),
        lines: fc.array(orderLine, { minLength: 1, maxLength: 3 }),
        orderedAt: day,
      })
      .map((d) => ({
        type: 'OrderRecorded' as const,
        data: {
          ...d,
          totalQuantity: d.lines.reduce((n, l) => n + l.quantity, 0),
          totalAmount: money(d.lines.reduce((n, l) => n + Number(l.amount.replace('.', '')), 0)),
        },
      })),
    fc.record({
      type: fc.constant('OrderCancelled' as const),
      data: fc.record({ customerId, orderId, reason: fc.constant('changed mind'), cancelledAt: day }),
    }),
    fc.record({
      type: fc.constant('CustomerOwnerAssigned' as const),
      data: fc.record({
        customerId,
        repId: fc.constantFrom('rep-1', 'rep-2'),
        reason: fc.constant('territory'),
        assignedAt: day,
      }),
    }),
  );
};

const scenario = fc
  .integer({ min: 1, max: 3 })
  .chain((customers) => fc.array(customerEvent(customers), { minLength: 1, maxLength: 60 }));

/** The events as the log would hold them: consecutive positions, stream versions per customer. */
const toLog = (events: CustomerEvent[]): LogEvent[] => {
  const versions = new Map<string, number>();
  return events.map((event, i) => {
    const streamId = `customer-${event.data.customerId}`;
    const streamVersion = (versions.get(streamId) ?? -1) + 1;
    versions.set(streamId, streamVersion);
    const commandId = `cmd-${i + 1}`;
    return {
      type: event.type,
      data: event.data,
      streamId,
      streamVersion,
      globalPosition: String(i + 1),
      logPosition: `1-${i + 1}`,
      metadata: {
        eventId: eventIdFor(commandId, 0),
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { userId: 'batch-tests', role: 'system' },
        occurredAt: '2026-03-01T10:00:00.000Z',
        recordedAt: '2026-03-01T10:00:01.000Z',
        schemaVersion: SCHEMA_VERSIONS[event.type as CrmEvent['type']],
      },
    };
  });
};

describe('set-based batches of the projections', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('projection_batch', READ_MODEL_MIGRATIONS);
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** One schema per route, each with the projection's tables made like the live ones. */
  const prepare = async (factory: Factory): Promise<string[]> => {
    const tables = factory('read_models').storage!.tables;
    const schemas = ['by_event', ...BATCH_SIZES.map((n) => `batch_${n || 'all'}`)];
    for (const schema of schemas) {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await dataSource.query(`CREATE SCHEMA ${schema}`);
      for (const table of tables)
        await dataSource.query(`CREATE TABLE ${schema}.${table} (LIKE read_models.${table} INCLUDING ALL)`);
    }
    return [...tables];
  };

  const rows = async (schema: string, tables: string[]): Promise<Record<string, string[]>> => {
    const result: Record<string, string[]> = {};
    for (const table of tables) {
      const found: Array<{ row: string }> = await dataSource.query(
        `SELECT row_to_json(t)::text AS row FROM ${schema}.${table} t ORDER BY 1`,
      );
      result[table] = found.map((r) => r.row);
    }
    return result;
  };

  /** Applies the events by every route and returns each route's rows. */
  const applyByEveryRoute = async (factory: Factory, tables: string[], events: LogEvent[]) => {
    const routes: Record<string, Record<string, string[]>> = {};
    const reference = factory('by_event');
    await dataSource.query(`TRUNCATE ${tables.map((t) => `by_event.${t}`).join(', ')}`);
    await dataSource.transaction(async (tx) => {
      for (const event of events) if (reference.handles.has(event.type)) await reference.apply(event, tx);
    });
    routes.by_event = await rows('by_event', tables);
    for (const size of BATCH_SIZES) {
      const schema = `batch_${size || 'all'}`;
      const projection = factory(schema);
      const handled = events.filter((e) => projection.handles.has(e.type));
      await dataSource.query(`TRUNCATE ${tables.map((t) => `${schema}.${t}`).join(', ')}`);
      const step = size || handled.length;
      for (let i = 0; i < handled.length; i += step)
        await dataSource.transaction((tx) => projection.applyBatch!(handled.slice(i, i + step), tx));
      routes[schema] = await rows(schema, tables);
    }
    return routes;
  };

  describe.each(PROJECTIONS)('%s', (_name, factory) => {
    let tables: string[];
    beforeAll(async () => {
      tables = await prepare(factory);
    });

    it('has a batch route', () => {
      expect(typeof factory('read_models').applyBatch).toBe('function');
    });

    it('gives the same rows in batches of any size as event by event', async () => {
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async (events) => {
          const routes = await applyByEveryRoute(factory, tables, toLog(events));
          if (Object.values(routes.by_event!).some((r) => r.length > 0)) nonEmpty++;
          for (const size of BATCH_SIZES) expect(routes[`batch_${size || 'all'}`]).toEqual(routes.by_event);
        }),
        { numRuns: RUNS, seed: 7 },
      );
      // The comparison is not between empty tables only (customer rows need a registration first).
      expect(nonEmpty).toBeGreaterThan(RUNS / 2);
    });

    it('gives the same rows when one customer and one order come back many times in a batch', async () => {
      const events = fc.sample(customerEvent(1), { numRuns: 300, seed: 11 });
      const routes = await applyByEveryRoute(factory, tables, toLog(events));
      expect(Object.values(routes.by_event!).flat().length).toBeGreaterThan(0);
      for (const size of BATCH_SIZES) expect(routes[`batch_${size || 'all'}`]).toEqual(routes.by_event);
    });
  });

  it('leaves out a visit before the registration and keeps the first of two registrations, in any batch', async () => {
    // Split in batches of 1, 2 and 5, the registration lands in the same batch as the events around
    // it or in an earlier one, whose row the later batch then finds.
    const factory = inSchema(customerSummaryProjection);
    const tables = await prepare(factory);
    const events = toLog([
      {
        type: 'VisitLogged',
        data: {
          customerId: 'c-1',
          visitId: 'v-0',
          repId: 'r',
          channel: 'phone',
          activityType: 'x',
          cost: '5.00',
          visitedAt: '2026-01-01T00:00:00.000Z',
        },
      },
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'c-1',
          name: 'Alpha',
          type: 'retail',
          region: 'north',
          registeredAt: '2026-01-02T00:00:00.000Z',
        },
      },
      {
        type: 'OrderRecorded',
        data: {
          customerId: 'c-1',
          orderId: 'o-1',
          channel: 'web',
          lines: [],
          totalQuantity: 2,
          totalAmount: '10.00',
          orderedAt: '2026-01-03T00:00:00.000Z',
        },
      },
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'c-1',
          name: 'Other',
          type: 'direct',
          region: 'south',
          registeredAt: '2026-01-04T00:00:00.000Z',
        },
      },
      {
        type: 'VisitLogged',
        data: {
          customerId: 'c-1',
          visitId: 'v-1',
          repId: 'r',
          channel: 'phone',
          activityType: 'x',
          cost: '7.50',
          visitedAt: '2026-01-05T00:00:00.000Z',
        },
      },
      {
        type: 'OrderRecorded',
        data: {
          customerId: 'c-1',
          orderId: 'o-2',
          channel: 'web',
          lines: [],
          totalQuantity: 1,
          totalAmount: '3.25',
          orderedAt: '2026-01-01T12:00:00.000Z',
        },
      },
    ]);
    const routes = await applyByEveryRoute(factory, tables, events);
    for (const size of BATCH_SIZES) expect(routes[`batch_${size || 'all'}`]).toEqual(routes.by_event);
    const [row] = (routes.by_event!.customer_summary ?? []).map(
      (r) => JSON.parse(r) as Record<string, unknown>,
    );
    expect(row).toMatchObject({
      name: 'Alpha',
      visit_count: 1,
      visit_cost: 7.5,
      order_count: 2,
      revenue: 13.25,
      lifecycle_stage: 'active',
      last_global_position: 6,
    });
  });
  it('engine, skip policy: applies a batch at once, and on a failing event dead-letters only that one', async () => {
    const factory = inSchema(customerSummaryProjection);
    const tables = await prepare(factory);
    await dataSource.query(
      `CREATE TABLE batch_all.projection_checkpoints (LIKE read_models.projection_checkpoints INCLUDING ALL)`,
    );
    const base = factory('batch_all');
    let batches = 0;
    // Test double: the projection, counting the batches the engine hands to applyBatch.
    const counting: Projection = {
      ...base,
      applyBatch: async (events, db) => {
        batches++;
        await base.applyBatch!(events, db);
      },
    };
    const engine = new ProjectionEngine(
      dataSource,
      [counting],
      (a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]),
      {
        onError: 'skip',
        checkpointSchema: 'batch_all',
      },
    );
    const order = (orderId: string, totalAmount: string): CustomerEvent => ({
      type: 'OrderRecorded',
      data: {
        customerId: 'c-1',
        orderId,
        channel: 'web',
        lines: [],
        totalQuantity: 1,
        totalAmount,
        orderedAt: '2026-01-03T00:00:00.000Z',
      },
    });
    const registered: CustomerEvent = {
      type: 'CustomerRegistered',
      data: {
        customerId: 'c-1',
        name: 'Alpha',
        type: 'retail',
        region: 'north',
        registeredAt: '2026-01-02T00:00:00.000Z',
      },
    };
    const batch = toLog([
      registered,
      order('o-1', '10.00'),
      order('o-9', 'not a number'),
      order('o-2', '2.50'),
    ]);
    const valid = batch.filter((_, i) => i !== 2);
    await dataSource.query(`TRUNCATE batch_all.customer_summary, by_event.customer_summary`);

    await engine.applyBatch(batch.slice(0, 2));
    expect(batches).toBe(1);
    const outcome = await engine.applyBatch(batch.slice(2));

    expect(batches).toBe(2);
    expect(outcome.deadLettered.map((d) => d.logPosition)).toEqual(['1-3']);
    const reference = factory('by_event');
    await dataSource.transaction(async (tx) => {
      for (const event of valid) await reference.apply(event, tx);
    });
    expect(await rows('batch_all', tables)).toEqual(await rows('by_event', tables));
  });
});
