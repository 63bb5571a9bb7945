import { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import type { AuditFilterQuery } from '../dto/audit-filter.query';
import type { AuditFileFormat } from './audit-export.format';
import { toAuditEntry, type AuditRow } from './audit-row';
import { auditPageStatement } from './audit-search.sql';

export const AUDIT_EXPORT_CHUNK = 1000;

const readChunk = async (
  runner: QueryRunner,
  filter: AuditFilterQuery,
  after: string | null,
  size: number,
  regions: readonly string[] | undefined,
): Promise<AuditRow[]> => {
  const statement = auditPageStatement(filter, after, size, regions);
  return (await runner.query(statement.text, statement.values)) as AuditRow[];
};

/**
 * The whole audit search result as a stream of text, read in keyset chunks of `chunkSize` rows
 * inside one REPEATABLE READ, READ ONLY transaction: the file is one consistent snapshot, and at
 * most one chunk is in memory (the stream pulls the next chunk only when the client has taken the
 * previous one). The first chunk is read before the stream is returned, so a failing query is an
 * ordinary error answer rather than a truncated file. The connection goes back to the pool when
 * the stream closes: at the end, on an error, or when the client goes away.
 */
export async function openAuditExport(
  db: DataSource,
  filter: AuditFilterQuery,
  format: AuditFileFormat,
  chunkSize = AUDIT_EXPORT_CHUNK,
  /** A manager's regions (see auditPageStatement); undefined: every customer. */
  regions?: readonly string[],
): Promise<Readable> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const release = async (): Promise<void> => {
    try {
      await runner.query('ROLLBACK'); // read only: nothing to keep
    } finally {
      await runner.release();
    }
  };
  let first: AuditRow[];
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    first = await readChunk(runner, filter, null, chunkSize, regions);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  const render = (rows: AuditRow[]): string => rows.map((r) => format.row(toAuditEntry(r))).join('');

  async function* text(): AsyncGenerator<string> {
    let rows = first;
    const head = format.header + render(rows);
    if (head !== '') yield head;
    while (rows.length === chunkSize) {
      rows = await readChunk(runner, filter, rows[rows.length - 1]!.globalPosition, chunkSize, regions);
      if (rows.length > 0) yield render(rows);
    }
  }

  const stream = Readable.from(text(), { objectMode: false });
  // 'close' follows the end, an error or a destroy, after the generator has stopped.
  stream.once('close', () => void release().catch(() => undefined));
  return stream;
}
