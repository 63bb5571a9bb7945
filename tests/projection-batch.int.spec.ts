import fc from 'fast-check';
import { DataSource } from 'typeorm';
import type { CustomerEvent } from '@crm/events';
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
import {
  applyByEveryRoute as applyRoutes,
  customerEvent,
  expectSameRows,
  inSchema,
  prepareLike,
  scenario,
  tableRows,
  toLog,
  type Factory,
} from './batch-support/batch-routes';

/**
 * Set-based batches against the reference: for each projection with `applyBatch`, varied event
 * sequences (few customers, orders and visits, so one key comes back many times in a batch; events
 * before a registration, repeated registrations, orders recorded again after a cancellation) applied
 * one event at a time with `apply` and in batches of several sizes with `applyBatch` give the same
 * rows, table by table.
 */

const PROJECTIONS: Array<[string, Factory]> = [
  ['sales-cube', inSchema(salesCubeProjection)],
  ['channel-economics', inSchema(channelEconomicsProjection)],
  ['customer-summary', inSchema(customerSummaryProjection)],
  ['interaction-index', inSchema(interactionIndexProjection)],
];
/** Event sequences tried per projection (a fixed seed: the same ones every time). */
const RUNS = 30;

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

  const prepare = (factory: Factory) => prepareLike(dataSource, factory);
  const rows = (schema: string, tables: string[]) => tableRows(dataSource, schema, tables);
  const applyByEveryRoute = (factory: Factory, tables: string[], events: ReturnType<typeof toLog>) =>
    applyRoutes(dataSource, factory, tables, events);

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
          expectSameRows(routes);
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
      expectSameRows(routes);
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
    expectSameRows(routes);
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
        batchRouteFrom: 1,
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
  it('engine: a projection takes the batch route from batchRouteFrom events on, one by one below', async () => {
    const factory = inSchema(customerSummaryProjection);
    await prepare(factory);
    await dataSource.query(`DROP TABLE IF EXISTS batch_5.projection_checkpoints`);
    await dataSource.query(
      `CREATE TABLE batch_5.projection_checkpoints (LIKE read_models.projection_checkpoints INCLUDING ALL)`,
    );
    const base = factory('batch_5');
    const routes: string[] = [];
    // Test double: the projection, recording which route the engine takes.
    const recording: Projection = {
      ...base,
      apply: async (event, db) => {
        routes.push('event');
        await base.apply(event, db);
      },
      applyBatch: async (events, db) => {
        routes.push(`batch of ${events.length}`);
        await base.applyBatch!(events, db);
      },
    };
    const engine = new ProjectionEngine(
      dataSource,
      [recording],
      (a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]),
      { checkpointSchema: 'batch_5', batchRouteFrom: 3 },
    );
    const events = toLog(
      fc
        .sample(customerEvent(2), { numRuns: 50, seed: 3 })
        .filter((e) => base.handles.has(e.type))
        .slice(0, 5),
    );
    expect(events).toHaveLength(5);
    await engine.applyBatch(events.slice(0, 2));
    await engine.applyBatch(events.slice(2));
    expect(routes).toEqual(['event', 'event', 'batch of 3']);
  });
});
