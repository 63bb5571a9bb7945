import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { SCHEMA_VERSIONS, type CrmEvent, type CustomerEvent, type OrderLine } from '@crm/events';
import { eventIdFor, type LogEvent } from '@crm/event-store';
import type { Projection } from '@crm/read-models';

/**
 * What the batch property tests share: event arbitraries over a handful of keys, the log they make,
 * and the routes compared (event by event with `apply`, and `applyBatch` in batches of several
 * sizes), each in its own schema.
 */

/** The projection writing to a given schema. */
export type Factory = (schema: string) => Projection;
export const inSchema =
  (projection: Projection): Factory =>
  (schema) =>
    projection.inSchema!(schema);

/** Batch sizes compared with event-by-event application; 0 is the whole sequence in one batch. */
export const BATCH_SIZES = [1, 2, 5, 0];
/** The schema of each route. */
export const ROUTE_SCHEMAS = ['by_event', ...BATCH_SIZES.map((n) => `batch_${n || 'all'}`)];

export const money = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export const day = fc
  .integer({ min: 0, max: 60 * 24 })
  .map((hours) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString());

export const orderLine: fc.Arbitrary<OrderLine> = fc
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
export const customerEvent = (customers: number): fc.Arbitrary<CustomerEvent> => {
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

export const scenario = fc
  .integer({ min: 1, max: 3 })
  .chain((customers) => fc.array(customerEvent(customers), { minLength: 1, maxLength: 60 }));

/** The stream an event belongs to: its customer's, else its rep's, else one for the rest. */
const streamOf = (data: object): string => {
  const d = data as { customerId?: string; repId?: string };
  if (d.customerId !== undefined) return `customer-${d.customerId}`;
  if (d.repId !== undefined) return `rep-${d.repId}`;
  return 'settings';
};

/** The events as the log would hold them: consecutive positions, stream versions per stream. */
export const toLog = (events: Array<Pick<CrmEvent, 'type' | 'data'>>): LogEvent[] => {
  const versions = new Map<string, number>();
  return events.map((event, i) => {
    const streamId = streamOf(event.data);
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
        schemaVersion: SCHEMA_VERSIONS[event.type],
      },
    };
  });
};

/** The projection's tables in every route's schema, made like the live ones (LIKE ... INCLUDING ALL). */
export const prepareLike = async (dataSource: DataSource, factory: Factory): Promise<string[]> => {
  const tables = factory('read_models').storage!.tables;
  for (const schema of ROUTE_SCHEMAS) {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    for (const table of tables)
      await dataSource.query(`CREATE TABLE ${schema}.${table} (LIKE read_models.${table} INCLUDING ALL)`);
  }
  return [...tables];
};

/** A schema's tables as sorted JSON rows, table by table. */
export const tableRows = async (
  dataSource: DataSource,
  schema: string,
  tables: string[],
): Promise<Record<string, string[]>> => {
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const found: Array<{ row: string }> = await dataSource.query(
      `SELECT row_to_json(t)::text AS row FROM ${schema}.${table} t ORDER BY 1`,
    );
    result[table] = found.map((r) => r.row);
  }
  return result;
};

/** Applies the events by every route (tables emptied first) and returns each route's rows. */
export const applyByEveryRoute = async (
  dataSource: DataSource,
  factory: Factory,
  tables: string[],
  events: LogEvent[],
): Promise<Record<string, Record<string, string[]>>> => {
  const routes: Record<string, Record<string, string[]>> = {};
  const reference = factory('by_event');
  await dataSource.query(`TRUNCATE ${tables.map((t) => `by_event.${t}`).join(', ')}`);
  await dataSource.transaction(async (tx) => {
    for (const event of events) if (reference.handles.has(event.type)) await reference.apply(event, tx);
  });
  routes.by_event = await tableRows(dataSource, 'by_event', tables);
  for (const size of BATCH_SIZES) {
    const schema = `batch_${size || 'all'}`;
    const projection = factory(schema);
    const handled = events.filter((e) => projection.handles.has(e.type));
    await dataSource.query(`TRUNCATE ${tables.map((t) => `${schema}.${t}`).join(', ')}`);
    const step = size || handled.length;
    for (let i = 0; i < handled.length; i += step)
      await dataSource.transaction((tx) => projection.applyBatch!(handled.slice(i, i + step), tx));
    routes[schema] = await tableRows(dataSource, schema, tables);
  }
  return routes;
};

/** Every batch route gave the reference's rows. */
export const expectSameRows = (routes: Record<string, Record<string, string[]>>): void => {
  for (const size of BATCH_SIZES) expect(routes[`batch_${size || 'all'}`]).toEqual(routes.by_event);
};
