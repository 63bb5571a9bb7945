import { DataSource } from 'typeorm';
import type { LogEvent } from '@crm/event-store';
import { ProjectionEngine, READ_MODEL_MIGRATIONS, type Projection, type SqlExecutor } from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';

/**
 * The ProjectionEngine's error policies on a real PostgreSQL, with test projections: a failing
 * event rolls back only its own statements (savepoints) and is dead-lettered in the batch's
 * transaction; transient errors still fail the batch; without a policy the batch fails as before.
 */
let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('ops_engine', READ_MODEL_MIGRATIONS);
  dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  await dataSource.query(
    `CREATE TABLE public.tally (projection text, n integer NOT NULL, PRIMARY KEY (projection, n))`,
  );
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await dataSource.query(
    `TRUNCATE public.tally, read_models.dead_letters, read_models.projection_checkpoints`,
  );
});

let position = 0;
const event = (n: number): LogEvent => {
  const p = ++position;
  return {
    type: 'Tallied',
    data: { n },
    streamId: 'tally-1',
    streamVersion: p,
    globalPosition: String(p),
    logPosition: `1-${p}`,
    metadata: {
      eventId: `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`,
      commandId: `c-${p}`,
      correlationId: `c-${p}`,
      causationId: `c-${p}`,
      actor: { userId: 'test', role: 'system' },
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  } as unknown as LogEvent;
};

/** Inserts one row per event; `fail(n)` says how to fail on an event (SQL error, JS error, SQLSTATE). */
const tally = (
  name: string,
  fail: (n: number) => 'sql' | 'js' | 'transient' | null = () => null,
): Projection => ({
  name,
  version: 1,
  handles: new Set(['Tallied']),
  async apply(e: LogEvent, sql: SqlExecutor) {
    const n = (e.data as { n: number }).n;
    await sql.query(`INSERT INTO public.tally VALUES ($1, $2)`, [name, n]);
    const failure = fail(n);
    if (failure === 'sql') await sql.query(`SELECT 'not a number'::numeric`);
    if (failure === 'js') throw new TypeError(`cannot tally ${n}`);
    if (failure === 'transient')
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
  },
});

const compare = (a: string, b: string) => Number(a.split('-')[1]) - Number(b.split('-')[1]);
const tallied = async (name: string) =>
  (
    await dataSource.query<Array<{ n: number }>>(
      `SELECT n FROM public.tally WHERE projection = $1 ORDER BY n`,
      [name],
    )
  ).map((r) => r.n);
const checkpoint = async (name: string) =>
  (
    await dataSource.query<Array<{ log_position: string }>>(
      `SELECT log_position FROM read_models.projection_checkpoints WHERE projection = $1`,
      [`${name}@v1`],
    )
  )[0]?.log_position;

describe('ProjectionEngine error policies', () => {
  it('skip: rolls back only the failing event, dead-letters it, and applies the rest of the batch once', async () => {
    const engine = new ProjectionEngine(
      dataSource,
      [tally('a', (n) => (n === 3 ? 'sql' : null)), tally('b')],
      compare,
      { onError: 'skip' },
    );
    const batch = [1, 2, 3, 4, 5].map(event);
    const outcome = await engine.applyBatch(batch);
    expect(outcome.deadLettered).toEqual([
      expect.objectContaining({
        projection: 'a@v1',
        eventType: 'Tallied',
        logPosition: batch[2]!.logPosition,
      }),
    ]);
    // Events 1 and 2 were applied in the first, rolled-back attempt and again one by one: once each.
    expect(await tallied('a')).toEqual([1, 2, 4, 5]);
    expect(await tallied('b')).toEqual([1, 2, 3, 4, 5]);
    expect(await checkpoint('a')).toBe(batch[4]!.logPosition);
    const [dead] = await dataSource.query(`SELECT * FROM read_models.dead_letters`);
    expect(dead).toMatchObject({
      projection: 'a@v1',
      event_id: batch[2]!.metadata.eventId,
      log_position: batch[2]!.logPosition,
      error_message: expect.stringContaining('invalid input syntax for type numeric'),
      payload: { data: { n: 3 } },
    });
  });

  it('skip: a JavaScript error is dead-lettered with its stack', async () => {
    const engine = new ProjectionEngine(dataSource, [tally('c', (n) => (n === 7 ? 'js' : null))], compare, {
      onError: 'skip',
    });
    await engine.applyBatch([6, 7, 8].map(event));
    expect(await tallied('c')).toEqual([6, 8]);
    const [dead] = await dataSource.query(`SELECT error_message, error_stack FROM read_models.dead_letters`);
    expect(dead).toEqual({
      error_message: 'cannot tally 7',
      error_stack: expect.stringContaining('TypeError'),
    });
  });

  it('stop: the projection stops before the failing event and is skipped afterwards; the others go on', async () => {
    const engine = new ProjectionEngine(
      dataSource,
      [tally('d', (n) => (n === 11 ? 'sql' : null)), tally('e')],
      compare,
      { onError: 'stop' },
    );
    const first = [10, 11, 12].map(event);
    await engine.applyBatch(first);
    const second = [13].map(event);
    await engine.applyBatch(second);
    expect(await tallied('d')).toEqual([10]);
    expect(await checkpoint('d')).toBe(first[0]!.logPosition);
    expect([...engine.halted.keys()]).toEqual(['d@v1']);
    expect(await tallied('e')).toEqual([10, 11, 12, 13]);
    expect(await checkpoint('e')).toBe(second[0]!.logPosition);

    // After a restart (a new engine) the projection meets the event again: recorded once more.
    const restarted = new ProjectionEngine(
      dataSource,
      [tally('d', (n) => (n === 11 ? 'sql' : null)), tally('e')],
      compare,
      { onError: 'stop' },
    );
    await restarted.applyBatch([...first, ...second]);
    const rows = await dataSource.query(`SELECT projection, attempts FROM read_models.dead_letters`);
    expect(rows).toEqual([{ projection: 'd@v1', attempts: 2 }]);
  });

  it('Kafka (applyWithin), skip: the failing event is dead-lettered in the caller transaction', async () => {
    const engine = new ProjectionEngine(dataSource, [tally('k', (n) => (n === 41 ? 'sql' : null))], compare, {
      onError: 'skip',
    });
    const applied = await dataSource.transaction((db) => engine.applyWithin(db, [40, 41, 42].map(event)));
    expect(applied).toBe(2);
    expect(await tallied('k')).toEqual([40, 42]);
    expect(await dataSource.query(`SELECT projection FROM read_models.dead_letters`)).toEqual([
      { projection: 'k@v1' },
    ]);
  });

  it('Kafka (applyWithin), stop: the batch fails (to be delivered again) and the dead letter stays', async () => {
    const engine = new ProjectionEngine(dataSource, [tally('m', (n) => (n === 51 ? 'sql' : null))], compare, {
      onError: 'stop',
    });
    await expect(
      dataSource.transaction((db) => engine.applyWithin(db, [50, 51, 52].map(event))),
    ).rejects.toThrow(/invalid input syntax/);
    expect(await tallied('m')).toEqual([]);
    expect(await dataSource.query(`SELECT projection, attempts FROM read_models.dead_letters`)).toEqual([
      { projection: 'm@v1', attempts: 1 },
    ]);
  });

  it('a transient error fails the whole batch: nothing applied, nothing dead-lettered', async () => {
    const engine = new ProjectionEngine(
      dataSource,
      [tally('f'), tally('g', (n) => (n === 21 ? 'transient' : null))],
      compare,
      { onError: 'skip' },
    );
    await expect(engine.applyBatch([20, 21].map(event))).rejects.toThrow('could not serialize access');
    expect(await tallied('f')).toEqual([]);
    expect(await checkpoint('f')).toBeUndefined();
    expect(await dataSource.query(`SELECT * FROM read_models.dead_letters`)).toEqual([]);
  });

  it('without a policy the batch fails and rolls back, as before', async () => {
    const engine = new ProjectionEngine(dataSource, [tally('h', (n) => (n === 31 ? 'sql' : null))], compare);
    await expect(engine.applyBatch([30, 31].map(event))).rejects.toThrow(/invalid input syntax/);
    expect(await tallied('h')).toEqual([]);
    expect(await dataSource.query(`SELECT * FROM read_models.dead_letters`)).toEqual([]);
  });
});

describe('ProjectionEngine parallelism (a transaction per share of the projections)', () => {
  /** A tally that also records the backend (connection) it was applied on. */
  const onBackend = (name: string, fail?: (n: number) => 'transient' | null): Projection => ({
    ...tally(name, fail),
    async apply(e: LogEvent, sql: SqlExecutor) {
      await tally(name, fail).apply(e, sql);
      await sql.query(`INSERT INTO public.backend VALUES ($1, pg_backend_pid(), txid_current())`, [name]);
    },
  });

  beforeAll(async () => {
    await dataSource.query(`CREATE TABLE public.backend (projection text, pid integer, txid bigint)`);
  });
  beforeEach(async () => {
    await dataSource.query(`TRUNCATE public.backend`);
  });

  it('applies each share in its own transaction on its own connection, and moves every checkpoint', async () => {
    const engine = new ProjectionEngine(dataSource, [onBackend('p1'), onBackend('p2')], compare, {
      parallelism: 2,
    });
    expect(engine.shares.map((s) => s.map((p) => p.name))).toEqual([['p1'], ['p2']]);
    const events = [40, 41, 42].map(event);
    const outcome = await engine.applyBatch(events);
    expect(outcome.applied).toBe(6);
    expect(outcome.lastPosition).toBe(events[2]!.logPosition);
    expect(await tallied('p1')).toEqual([40, 41, 42]);
    expect(await tallied('p2')).toEqual([40, 41, 42]);
    expect(await checkpoint('p1')).toBe(events[2]!.logPosition);
    expect(await checkpoint('p2')).toBe(events[2]!.logPosition);
    const backends = await dataSource.query<Array<{ pids: number; txids: number }>>(
      `SELECT count(DISTINCT pid)::int AS pids, count(DISTINCT txid)::int AS txids FROM public.backend`,
    );
    expect(backends[0]).toEqual({ pids: 2, txids: 2 });
  });

  it('a failing share rolls back alone; the next attempt applies only what it missed, once', async () => {
    let failOnce = true;
    const engine = new ProjectionEngine(
      dataSource,
      [
        onBackend('q1'),
        onBackend('q2', (n) => {
          if (n !== 51 || !failOnce) return null;
          failOnce = false;
          return 'transient';
        }),
      ],
      compare,
      { parallelism: 2 },
    );
    const events = [50, 51].map(event);
    await expect(engine.applyBatch(events)).rejects.toThrow('could not serialize access');
    expect(await tallied('q1')).toEqual([50, 51]);
    expect(await checkpoint('q1')).toBe(events[1]!.logPosition);
    expect(await tallied('q2')).toEqual([]);
    expect(await checkpoint('q2')).toBeUndefined();
    // Applied again: q1 is past these events (a second insert would break the tally's key).
    const outcome = await engine.applyBatch(events);
    expect(outcome.applied).toBe(2);
    expect(await tallied('q1')).toEqual([50, 51]);
    expect(await tallied('q2')).toEqual([50, 51]);
    expect(await checkpoint('q2')).toBe(events[1]!.logPosition);
  });
});

describe('ProjectionEngine synchronous commit', () => {
  /** A projection that records the synchronous_commit its batch runs under. */
  const seen: string[] = [];
  const recorder: Projection = {
    name: 'sync-recorder',
    version: 1,
    handles: new Set(['Tallied']),
    async apply(_e: LogEvent, sql: SqlExecutor) {
      const [row] = await sql.query<Array<{ setting: string }>>(
        `SELECT current_setting('synchronous_commit') AS setting`,
      );
      seen.push(row!.setting);
    },
  };

  it.each([
    [false, 'off'],
    [true, 'on'],
    [undefined, 'on'],
  ])('synchronousCommit %s: batches run with synchronous_commit %s', async (option, setting) => {
    seen.length = 0;
    const engine = new ProjectionEngine(dataSource, [recorder], compare, {
      ...(option === undefined ? {} : { synchronousCommit: option }),
      parallelism: 2,
    });
    await dataSource.query(`DELETE FROM read_models.projection_checkpoints`);
    await engine.applyBatch([event(60)]);
    // A transport's own transaction (Kafka: with its offsets) takes the same setting.
    await dataSource.transaction(async (tx) => {
      await engine.prepareTransaction(tx);
      await engine.applyWithin(tx, [event(61)]);
    });
    expect(seen).toEqual([setting, setting]);
  });
});
