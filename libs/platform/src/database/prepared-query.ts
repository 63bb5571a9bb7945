import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/** A statement run under a fixed name: each pooled connection parses it once and keeps its plan. */
export interface PreparedStatement {
  /** Unique per text in the process (pg refuses one name for two texts on a connection). */
  name: string;
  text: string;
}

/**
 * Runs `statement` as a named (prepared) statement on the DataSource's own connection pool. A
 * connection parses it the first time it runs it; then PostgreSQL plans it from the parsed form
 * (and, after a few runs, may keep one generic plan), and the text is no longer sent. For a hot
 * read of a few index lookups, parsing and planning cost more than running it: measured on the
 * customer detail, 0.93 ms per round trip unnamed against 0.28 ms named.
 * PostgreSQL re-analyses a prepared statement after DDL on what it reads, so a table moved by a
 * rebuild's switch is found again by name.
 */
export async function queryPrepared<T extends QueryResultRow>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const result = await poolOf(dataSource).query<T>({ name: statement.name, text: statement.text, values });
  return result.rows;
}

/** The pg Pool behind a TypeORM DataSource of type postgres (no replication). */
function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || typeof pool.query !== 'function')
    throw new Error('queryPrepared needs an initialised postgres DataSource without replication');
  return pool;
}
