import { DataSource } from 'typeorm';
import { queryPrepared } from '@crm/platform';
import { createTestDatabase, type TestDatabase } from '@crm/testing';

/**
 * queryPrepared on a real PostgreSQL: the statement is prepared under its name on the pooled
 * connection (one connection here, so the check sees the same session), keeps answering after the
 * table it reads is replaced, and returns rows typed as TypeORM's query does.
 */
let db: TestDatabase;
let dataSource: DataSource;

const STATEMENT = {
  name: 'test-prepared-pick',
  text: 'SELECT id, label, at FROM public.pick WHERE id = $1',
};

beforeAll(async () => {
  db = await createTestDatabase('prepared_query', []);
  dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
  await dataSource.query(
    `CREATE TABLE public.pick (id integer PRIMARY KEY, label text NOT NULL, at timestamptz)`,
  );
  await dataSource.query(
    `INSERT INTO public.pick VALUES (1, 'one', '2026-01-02T03:04:05Z'), (2, 'two', NULL)`,
  );
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

it('prepares the statement under its name on the connection and answers from it', async () => {
  expect(await queryPrepared(dataSource, STATEMENT, [1])).toEqual([
    { id: 1, label: 'one', at: new Date('2026-01-02T03:04:05Z') },
  ]);
  expect(await queryPrepared(dataSource, STATEMENT, [2])).toEqual([{ id: 2, label: 'two', at: null }]);
  expect(await queryPrepared(dataSource, STATEMENT, [3])).toEqual([]);
  const prepared = await dataSource.query(`SELECT name, statement FROM pg_prepared_statements`);
  expect(prepared).toEqual([{ name: STATEMENT.name, statement: STATEMENT.text }]);
  // The same rows as the unnamed route gives.
  expect(await dataSource.query(STATEMENT.text, [1])).toEqual(
    await queryPrepared(dataSource, STATEMENT, [1]),
  );
});

it('finds a table replaced after the statement was prepared', async () => {
  await queryPrepared(dataSource, STATEMENT, [1]);
  await dataSource.query(`DROP TABLE public.pick`);
  await dataSource.query(
    `CREATE TABLE public.pick (id integer PRIMARY KEY, label text NOT NULL, at timestamptz)`,
  );
  await dataSource.query(`INSERT INTO public.pick VALUES (1, 'replaced', NULL)`);
  expect(await queryPrepared(dataSource, STATEMENT, [1])).toEqual([{ id: 1, label: 'replaced', at: null }]);
});
