import { Client } from 'pg';
import { SCHEMA_VERSIONS, type CrmEvent } from '@crm/events';
import { eventIdFor, PostgresEventStore, type EventToAppend, type LogEvent } from '@crm/event-store';
import { validateEnv } from '@crm/platform';
import {
  createCustomerSummaryProjection,
  customerValueProjection,
  interactionIndexProjection,
  salesCubeProjection,
  type Projection,
  type SqlExecutor,
} from '@crm/read-models';
import { createTestDatabase, readModelSnapshot, waitFor, type TestDatabase } from '@crm/testing';
import { ProjectorConfig } from '../apps/projector/src/config/projector.config';
import { Projector } from '../apps/projector/src/projector';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';

/**
 * Projection versions on a real PostgreSQL: a bumped customer-summary is rebuilt in its build
 * schema while readers keep reading version 1 whole and the sales cube keeps following the log; the
 * switch moves version 1 to its retired schema and the built tables into read_models, which then
 * equal a clean build by the new version. A stopped rebuild resumes from its build checkpoint, and
 * starting the previous version again restores its retired copy (a rollback).
 */
const quiet = process.env.PROJECTION_VERSIONS_LOG
  ? { log: (m: string) => console.log(m), error: (m: string) => console.error(m) }
  : { log: () => undefined, error: () => undefined };

/** Test double of a new version: customer-summary whose names are upper-cased (v2) or lower-cased (v3). */
const summaryVersion = (
  version: 2 | 3,
  gate?: (event: LogEvent, schema: string) => Promise<void>,
  schema = 'read_models',
): Projection => {
  const base = createCustomerSummaryProjection(schema);
  const fold = version === 2 ? 'upper' : 'lower';
  return {
    ...base,
    version,
    inSchema: (other) => summaryVersion(version, gate, other),
    // Event by event, so that the gate and the name folding see every event.
    applyBatch: undefined,
    async apply(event: LogEvent, db: SqlExecutor) {
      await gate?.(event, schema);
      await base.apply(event, db);
      if (event.type === 'CustomerRegistered')
        await db.query(`UPDATE ${schema}.customer_summary SET name = ${fold}(name) WHERE customer_id = $1`, [
          (event.data as { customerId: string }).customerId,
        ]);
    },
  };
};

/**
 * Holds a rebuild at the n-th CustomerRegistered applied in a build schema until released: the
 * batch fails with a transient error (rolled back, checkpoint included) and the projector tries
 * the rebuild again. A held transaction would hold back every reader of the log instead.
 */
class Gate {
  /** CustomerRegistered events applied in a build schema (rolled-back attempts included). */
  seen = 0;
  reached = false;
  private released = false;
  constructor(private readonly at: number) {}
  readonly hold = async (event: LogEvent, schema: string): Promise<void> => {
    if (!schema.startsWith('rebuild_') || event.type !== 'CustomerRegistered') return;
    if (++this.seen < this.at || this.released) return;
    this.reached = true;
    throw Object.assign(new Error('rebuild held by the test'), { code: '40001' });
  };
  release(): void {
    this.released = true;
  }
}

const AT = '2026-03-01T10:00:00.000Z';
const meta = (commandId: string, type: keyof typeof SCHEMA_VERSIONS, i: number) => ({
  eventId: eventIdFor(commandId, i),
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { userId: 'test', role: 'system' as const },
  occurredAt: AT,
  recordedAt: AT,
  schemaVersion: SCHEMA_VERSIONS[type],
});

/** Customer n: registered, then one order of n units. */
const customerEvents = (n: number): EventToAppend[] => {
  const customerId = `cust-${String(n).padStart(3, '0')}`;
  const registered = {
    type: 'CustomerRegistered',
    data: {
      customerId,
      name: `Customer ${n}`,
      type: 'distributor',
      region: n % 2 ? 'east' : 'west',
      registeredAt: AT,
    },
  } as CrmEvent;
  const ordered = {
    type: 'OrderRecorded',
    data: {
      customerId,
      orderId: `order-${n}`,
      channel: 'direct',
      orderedAt: AT,
      lines: [
        {
          sku: 'TV-55',
          category: 'televisions',
          brand: 'Lumina',
          quantity: n,
          unitPrice: '10.00',
          amount: `${n * 10}.00`,
        },
      ],
      totalQuantity: n,
      totalAmount: `${n * 10}.00`,
    },
  } as unknown as CrmEvent;
  return [
    { ...registered, metadata: meta(`register-${n}`, 'CustomerRegistered', 0) },
    { ...ordered, metadata: meta(`order-${n}`, 'OrderRecorded', 0) },
  ];
};

const append = async (store: PostgresEventStore, from: number, to: number) => {
  for (let n = from; n <= to; n++)
    await store.appendToStream(`customer-cust-${String(n).padStart(3, '0')}`, customerEvents(n), {
      expectedVersion: 'no_stream',
    });
};

const config = (url: string) =>
  validateEnv(ProjectorConfig)({
    DATABASE_URL: url,
    PROJECTOR_REBUILD_BATCH_SIZE: '16',
    PROJECTOR_BATCH_SIZE: '16',
    PROJECTOR_POLL_INTERVAL_MS: '50',
    PROJECTOR_RETRY_DELAY_MS: '50',
  });

const query = async <T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
};

const checkpoints = async (url: string) =>
  (
    await query<{ projection: string; log_position: string }>(
      url,
      `SELECT projection, log_position FROM read_models.projection_checkpoints ORDER BY projection`,
    )
  ).map((r) => r.projection);

const head = async (store: PostgresEventStore): Promise<string> => {
  let last = '';
  for (let batch = await store.readAll(null, 1000); batch.length > 0; batch = await store.readAll(last, 1000))
    last = batch[batch.length - 1]!.logPosition;
  return last;
};

/** Waits until every listed checkpoint is at or past the head of the log. */
const caughtUp = async (url: string, store: PostgresEventStore, keys: string[]) => {
  const target = await head(store);
  await waitFor(
    () =>
      query<{ projection: string; log_position: string }>(
        url,
        `SELECT projection, log_position FROM read_models.projection_checkpoints WHERE projection = ANY($1)`,
        [keys],
      ),
    (rows) =>
      rows.length === keys.length &&
      rows.every((r) => r.log_position !== '' && store.comparePositions(r.log_position, target) >= 0),
    { timeoutMs: 30_000, what: `${keys.join(', ')} at ${target}` },
  );
};

const summary = (url: string) =>
  query<{ total: number; upper: number; lower: number }>(
    url,
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE name = upper(name))::int AS upper,
            count(*) FILTER (WHERE name = lower(name))::int AS lower FROM read_models.customer_summary`,
  ).then((rows) => rows[0]!);

const schemas = (url: string) =>
  query<{ nspname: string }>(
    url,
    `SELECT nspname FROM pg_namespace WHERE nspname ~ '^(rebuild|retired)_customer_summary' ORDER BY 1`,
  ).then((rows) => rows.map((r) => r.nspname));

let db: TestDatabase;
let clean: TestDatabase;
let store: PostgresEventStore;
let projector: Projector | null = null;

const run = async (url: string, projections: Projection[]): Promise<Projector> => {
  const p = new Projector(config(url), quiet, projections);
  await p.start();
  return p;
};

beforeAll(async () => {
  db = await createTestDatabase('projection_versions', PROJECTOR_MIGRATIONS);
  clean = await createTestDatabase('projection_versions_clean', PROJECTOR_MIGRATIONS);
  store = new PostgresEventStore({ connectionString: db.url });
}, 60_000);

afterEach(async () => {
  await projector?.stop();
  projector = null;
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
  await clean?.drop();
});

describe('projection versions', () => {
  it('builds version 2 side by side while readers read version 1 whole, then switches it in', async () => {
    await append(store, 1, 60);
    projector = await run(db.url, [createCustomerSummaryProjection(), salesCubeProjection]);
    await caughtUp(db.url, store, ['customer-summary@v1', 'sales-cube@v1']);
    await projector.stop();
    const v1 = await summary(db.url);
    expect(v1).toMatchObject({ total: 60, upper: 0, lower: 0 });

    // Readers query the live table in a loop for the whole rebuild.
    const reader = new Client({ connectionString: db.url });
    await reader.connect();
    reader.on('error', () => undefined);
    // Every distinct answer (bounded: the loop runs as fast as the database answers).
    const seen = new Set<string>();
    let reads = 0;
    const failures: unknown[] = [];
    let reading = true;
    const readerLoop = (async () => {
      while (reading) {
        try {
          const { rows } = await reader.query<{ total: number; upper: number }>(
            `SELECT count(*)::int AS total, count(*) FILTER (WHERE name = upper(name))::int AS upper
             FROM read_models.customer_summary`,
          );
          seen.add(JSON.stringify(rows[0]));
          reads++;
        } catch (error) {
          failures.push(error);
          break;
        }
      }
    })();

    const gate = new Gate(40);
    projector = await run(db.url, [summaryVersion(2, gate.hold), salesCubeProjection]);
    await waitFor(async () => gate.reached, Boolean, {
      timeoutMs: 30_000,
      what: 'the rebuild past 39 customers',
    });

    // Mid-rebuild: the build is in its own schema, readers still see version 1 as it was.
    expect(await schemas(db.url)).toEqual(['rebuild_customer_summary_v2']);
    expect(await checkpoints(db.url)).toEqual(['customer-summary@v1', 'sales-cube@v1']);
    expect(await summary(db.url)).toEqual(v1);
    const partial = await query<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM rebuild_customer_summary_v2.customer_summary`,
    );
    expect(partial[0]!.n).toBeGreaterThan(0);
    expect(partial[0]!.n).toBeLessThan(60);
    expect(projector.rebuilds.get('customer-summary@v2')).toMatchObject({ state: 'building' });

    // Events appended during the rebuild: the other projection follows them live meanwhile.
    await append(store, 61, 70);
    await caughtUp(db.url, store, ['sales-cube@v1']);
    expect(await summary(db.url)).toEqual(v1);

    gate.release();
    await caughtUp(db.url, store, ['customer-summary@v2', 'sales-cube@v1']);
    reading = false;
    await readerLoop;
    await reader.end();

    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    // Never a half-built model: version 1 whole (60, none upper-cased) or version 2 whole.
    for (const answer of seen) {
      const s = JSON.parse(answer) as { total: number; upper: number };
      expect({ ...s, whole: s.upper === 0 ? s.total === 60 : s.upper === s.total && s.total >= 60 }).toEqual({
        ...s,
        whole: true,
      });
    }
    expect(await summary(db.url)).toEqual({ total: 70, upper: 70, lower: 0 });
    expect(projector.rebuilds.get('customer-summary@v2')).toMatchObject({ state: 'switched' });

    // Version 1 is retired with its checkpoint; the live indexes keep their migration names.
    expect(await checkpoints(db.url)).toEqual(['customer-summary@v2', 'sales-cube@v1']);
    expect(await schemas(db.url)).toEqual(['retired_customer_summary_v1']);
    const retired = await query<{ n: number; upper: number }>(
      db.url,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE name = upper(name))::int AS upper
       FROM retired_customer_summary_v1.customer_summary`,
    );
    expect(retired[0]).toEqual({ n: 60, upper: 0 });
    const retiredCheckpoints = await query<{ projection: string }>(
      db.url,
      `SELECT projection FROM retired_customer_summary_v1.projection_checkpoints`,
    );
    expect(retiredCheckpoints.map((r) => r.projection)).toEqual(['customer-summary@v1']);
    const indexes = await query<{ indexname: string }>(
      db.url,
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'read_models' AND tablename = 'customer_summary' ORDER BY 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'customer_summary_pkey',
      'customer_summary_region_idx',
      'customer_summary_stage_idx',
      'customer_summary_type_idx',
    ]);

    // A clean build by version 2 of the same log gives the same read models.
    const cleanStore = new PostgresEventStore({ connectionString: clean.url });
    try {
      await append(cleanStore, 1, 70);
      const fresh = await run(clean.url, [summaryVersion(2), salesCubeProjection]);
      try {
        await caughtUp(clean.url, cleanStore, ['customer-summary@v2', 'sales-cube@v1']);
      } finally {
        await fresh.stop();
      }
    } finally {
      await cleanStore.close();
    }
    expect(await readModelSnapshot(db.url)).toEqual(await readModelSnapshot(clean.url));
  });

  it('resumes a stopped rebuild from its build checkpoint, applying each event once', async () => {
    const gate = new Gate(30);
    projector = await run(db.url, [summaryVersion(3, gate.hold), salesCubeProjection]);
    await waitFor(async () => gate.reached, Boolean, {
      timeoutMs: 30_000,
      what: 'the rebuild of v3 under way',
    });
    await projector.stop();
    projector = null;

    // Stopped half-way (as after a crash between batches): the build stays, v2 stays live.
    expect(await schemas(db.url)).toEqual(['rebuild_customer_summary_v3', 'retired_customer_summary_v1']);
    const [build] = await query<{ log_position: string; events_applied: string }>(
      db.url,
      `SELECT log_position, events_applied FROM rebuild_customer_summary_v3.projection_checkpoints`,
    );
    expect(build!.log_position).not.toBe('');
    expect(await summary(db.url)).toEqual({ total: 70, upper: 70, lower: 0 });

    await append(store, 71, 72);
    projector = await run(db.url, [summaryVersion(3), salesCubeProjection]);
    await caughtUp(db.url, store, ['customer-summary@v3', 'sales-cube@v1']);
    expect(await summary(db.url)).toEqual({ total: 72, upper: 0, lower: 72 });
    // Every event of the log passed exactly once over the two runs.
    const [v3] = await query<{ events_applied: string }>(
      db.url,
      `SELECT events_applied FROM read_models.projection_checkpoints WHERE projection = 'customer-summary@v3'`,
    );
    const [log] = await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM event_store.events`);
    expect(v3!.events_applied).toBe(log!.n);
    expect(await schemas(db.url)).toEqual(['retired_customer_summary_v1', 'retired_customer_summary_v2']);
  });

  it('rolls back by starting the previous version again: its retired copy is caught up and restored', async () => {
    await append(store, 73, 75);
    // An abandoned build of a version no code runs any more is dropped at start-up.
    await query(db.url, `CREATE SCHEMA rebuild_customer_summary_v9`);
    const counter = new Gate(Number.POSITIVE_INFINITY);
    projector = await run(db.url, [summaryVersion(2, counter.hold), salesCubeProjection]);
    await caughtUp(db.url, store, ['customer-summary@v2', 'sales-cube@v1']);
    expect(await summary(db.url)).toEqual({ total: 75, upper: 75, lower: 0 });
    // Restored, not rebuilt: only the customers registered after version 2 was retired were applied.
    expect(counter.seen).toBe(5);
    expect(await checkpoints(db.url)).toEqual(['customer-summary@v2', 'sales-cube@v1']);
    expect(await schemas(db.url)).toEqual(['retired_customer_summary_v1', 'retired_customer_summary_v3']);
    // Its checkpoint counts every event of the log once, across its first build and the restore.
    const [v2] = await query<{ events_applied: string }>(
      db.url,
      `SELECT events_applied FROM read_models.projection_checkpoints WHERE projection = 'customer-summary@v2'`,
    );
    const [log] = await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM event_store.events`);
    expect(Number(v2!.events_applied)).toBe(Number(log!.n));
  });

  it('rebuilds projections with their own DDL (customer value: tables and functions) or LIKE the live tables (triggers kept)', async () => {
    const cleanStore = new PostgresEventStore({ connectionString: clean.url });
    try {
      projector = await run(clean.url, [customerValueProjection, interactionIndexProjection]);
      await caughtUp(clean.url, cleanStore, ['customer-value@v1', 'interaction-index@v1']);
      await projector.stop();
      const before = await readModelSnapshot(clean.url);
      expect(before.customer_value).toHaveLength(70);
      expect(before.interaction_index).toHaveLength(140);

      // Same logic under a new version number: the rebuilt tables must equal the live ones.
      const bumped = (p: Projection, schema = 'read_models'): Projection => {
        const inSchema = p.inSchema!(schema);
        return { ...inSchema, version: 2, inSchema: (other) => bumped(p, other) };
      };
      projector = await run(clean.url, [bumped(customerValueProjection), bumped(interactionIndexProjection)]);
      await caughtUp(clean.url, cleanStore, ['customer-value@v2', 'interaction-index@v2']);
      expect(await readModelSnapshot(clean.url)).toEqual(before);
      const retired = await query<{ nspname: string }>(
        clean.url,
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'retired\\_%' OR nspname LIKE 'rebuild\\_%' ORDER BY 1`,
      );
      expect(retired.map((r) => r.nspname)).toEqual([
        'retired_customer_value_v1',
        'retired_interaction_index_v1',
      ]);
      // The append-only trigger came along, and the live value functions read the new tables.
      await expect(
        query(clean.url, `DELETE FROM read_models.interaction_index WHERE global_position = 1`),
      ).rejects.toThrow(/append-only/);
      const [abc] = await query<{ n: number }>(
        clean.url,
        `SELECT count(*)::int AS n FROM read_models.live_abc_classes('2026-06-01T00:00:00Z')`,
      );
      expect(abc!.n).toBe(70);
    } finally {
      await cleanStore.close();
    }
  });
});
