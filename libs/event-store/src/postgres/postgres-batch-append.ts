import { DatabaseError, type Pool, type PoolClient } from 'pg';
import type { ExpectedVersion, StreamAppend, StreamAppendResult } from '../port/event-store';
import { ConcurrencyError, PartiallyAppendedError } from '../port/errors';
import { eventColumns } from './append-statement';
import { formatPosition } from './log-position';

const UNIQUE_VIOLATION = '23505';
/** Attempts when a concurrent writer stores the same events or takes the same versions. */
const MAX_ATTEMPTS = 3;

interface StoredRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
}

const resultOf = (row: Omit<StoredRow, 'event_id'>, alreadyAppended: boolean): StreamAppendResult => ({
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: row.global_position,
  logPosition: formatPosition({
    transactionId: BigInt(row.transaction_id),
    globalPosition: BigInt(row.global_position),
  }),
  alreadyAppended,
});

const matches = (expected: ExpectedVersion, actual: number | 'no_stream'): boolean =>
  expected === 'any' || expected === actual;

const checkShape = (batch: StreamAppend[]): void => {
  const seen = new Set<string>();
  for (const entry of batch) {
    if (entry.events.length === 0) throw new Error(`appendMany: stream ${entry.streamId} has no events`);
    if (seen.has(entry.streamId)) throw new Error(`appendMany: stream ${entry.streamId} appears twice`);
    seen.add(entry.streamId);
  }
};

/**
 * The PostgreSQL batch append behind `PostgresEventStore.appendMany`: one transaction, one
 * `INSERT … SELECT FROM unnest` for every event of the batch; `committed` is called once it has
 * committed something (to wake the subscribers, see AppendNotifier). A unique violation
 * (a concurrent writer took a version or stored the same events) rolls everything back; the
 * batch is then either refused with a ConcurrencyError naming a stale stream, or tried again.
 */
export async function appendBatch(
  pool: Pool,
  batch: StreamAppend[],
  committed: () => void,
): Promise<StreamAppendResult[]> {
  checkShape(batch);
  if (batch.length === 0) return [];
  try {
    const written = await appendStatement(pool, batch);
    if (written) {
      committed();
      return written;
    }
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === UNIQUE_VIOLATION)) throw error;
  }
  // Nothing was written: a stream is stale, or some events are stored already. The careful path
  // below tells which (already appended, partly appended, or a ConcurrencyError).
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      return await appendInTransaction(client, batch, committed);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (!(error instanceof DatabaseError && error.code === UNIQUE_VIOLATION)) throw error;
      // A concurrent writer took a version or stored the same events and has committed by now
      // (the violation waited for it). Checking again tells which: the streams it stored are
      // "already appended", the streams it moved are stale (ConcurrencyError).
      if (attempt >= MAX_ATTEMPTS) throw (await firstStaleStream(pool, batch)) ?? error;
    } finally {
      client.release();
    }
  }
}

/**
 * The common case in one statement (one round trip, its own transaction): insert every event of
 * the batch only if every stream is at its expected version. Null when a stream was not at its expected version (nothing written); a unique violation
 * (a repeat, or a concurrent writer) is thrown to the caller.
 */
async function appendStatement(pool: Pool, batch: StreamAppend[]): Promise<StreamAppendResult[] | null> {
  const flat = batch.flatMap((entry) =>
    entry.events.map((event, i) => ({ streamId: entry.streamId, offset: i + 1, event })),
  );
  const { rows } = await pool.query<Omit<StoredRow, 'event_id'>>({
    name: 'event_store_append_many',
    text: `WITH expected AS (
       SELECT x.stream_id, x.expected,
              coalesce((SELECT max(e.stream_version) FROM event_store.events e WHERE e.stream_id = x.stream_id), -1)
                AS version
       FROM unnest($1::text[], $2::int[]) AS x(stream_id, expected)
     ),
     ready AS (SELECT bool_and(expected IS NULL OR version = expected) AS ok FROM expected),
     appended AS (
       INSERT INTO event_store.events
         (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at)
       SELECT e.stream_id, x.version + e.offset_in_stream, e.event_id, e.event_type, e.schema_version, e.data,
              e.metadata, e.occurred_at, e.recorded_at
       FROM unnest($3::text[], $4::int[], $5::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[],
                   $10::timestamptz[], $11::timestamptz[])
         WITH ORDINALITY AS e(stream_id, offset_in_stream, event_id, event_type, schema_version, data, metadata,
                              occurred_at, recorded_at, ord)
       JOIN expected x ON x.stream_id = e.stream_id
       WHERE (SELECT ok FROM ready)
       ORDER BY e.ord
       RETURNING stream_id, stream_version, global_position, transaction_id
     ),
     last AS (
       SELECT DISTINCT ON (stream_id) stream_id, stream_version, global_position, transaction_id
       FROM appended ORDER BY stream_id, stream_version DESC
     )
     SELECT stream_id, stream_version, global_position::text, transaction_id::text
     FROM last`,
    values: [
      batch.map((entry) => entry.streamId),
      batch.map((entry) =>
        entry.expectedVersion === 'any'
          ? null
          : entry.expectedVersion === 'no_stream'
            ? -1
            : entry.expectedVersion,
      ),
      flat.map((r) => r.streamId),
      flat.map((r) => r.offset),
      ...eventColumns(flat.map((r) => r.event)),
    ],
  });
  if (rows.length === 0) return null;
  const byStream = new Map(rows.map((row) => [row.stream_id, resultOf(row, false)]));
  return batch.map((entry) => byStream.get(entry.streamId)!);
}

async function appendInTransaction(
  client: PoolClient,
  batch: StreamAppend[],
  committed: () => void,
): Promise<StreamAppendResult[]> {
  await client.query('BEGIN');
  const stored = await storedEvents(client, batch);
  const results: Array<StreamAppendResult | null> = batch.map((entry) => {
    const found = entry.events.flatMap((e) => stored.get(e.metadata.eventId) ?? []);
    if (found.length === 0) return null;
    if (found.length < entry.events.length) {
      throw new PartiallyAppendedError(
        entry.streamId,
        found.map((row) => row.event_id),
      );
    }
    const last = found.reduce((a, b) => (BigInt(a.global_position) > BigInt(b.global_position) ? a : b));
    return resultOf(last, true);
  });
  const toWrite = batch.filter((_, i) => results[i] === null);
  if (toWrite.length === 0) {
    await client.query('ROLLBACK');
    return results as StreamAppendResult[];
  }

  const versions = await currentVersions(client, toWrite);
  for (const entry of toWrite) {
    const actual = versions.get(entry.streamId) ?? 'no_stream';
    if (!matches(entry.expectedVersion, actual)) {
      throw new ConcurrencyError(entry.streamId, entry.expectedVersion, actual);
    }
  }
  const written = await insert(client, toWrite, versions);
  await client.query('COMMIT');
  committed();
  return batch.map((entry, i) => results[i] ?? written.get(entry.streamId)!);
}

/** Rows of the batch's event ids that are stored already, by event id. */
async function storedEvents(client: PoolClient, batch: StreamAppend[]): Promise<Map<string, StoredRow>> {
  const { rows } = await client.query<StoredRow>(
    `SELECT event_id::text, stream_id, stream_version, global_position::text, transaction_id::text
     FROM event_store.events WHERE event_id = ANY($1::uuid[])`,
    [batch.flatMap((entry) => entry.events.map((e) => e.metadata.eventId))],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
}

async function currentVersions(db: Pool | PoolClient, entries: StreamAppend[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ stream_id: string; version: number }>(
    `SELECT stream_id, max(stream_version) AS version FROM event_store.events
     WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [entries.map((entry) => entry.streamId)],
  );
  return new Map(rows.map((row) => [row.stream_id, row.version]));
}

async function firstStaleStream(pool: Pool, batch: StreamAppend[]): Promise<ConcurrencyError | null> {
  const versions = await currentVersions(pool, batch);
  for (const entry of batch) {
    const actual = versions.get(entry.streamId) ?? 'no_stream';
    if (!matches(entry.expectedVersion, actual)) {
      return new ConcurrencyError(entry.streamId, entry.expectedVersion, actual);
    }
  }
  return null;
}

/** One INSERT for the whole batch; global positions follow the batch order. */
async function insert(
  client: PoolClient,
  entries: StreamAppend[],
  versions: Map<string, number>,
): Promise<Map<string, StreamAppendResult>> {
  const flat = entries.flatMap((entry) => {
    const first = (versions.get(entry.streamId) ?? -1) + 1;
    return entry.events.map((event, i) => ({ streamId: entry.streamId, version: first + i, event }));
  });
  const { rows } = await client.query<Omit<StoredRow, 'event_id'>>(
    `INSERT INTO event_store.events
       (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at)
     SELECT e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version, e.data, e.metadata,
            e.occurred_at, e.recorded_at
     FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[],
                 $8::timestamptz[], $9::timestamptz[])
       WITH ORDINALITY AS e(stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                            occurred_at, recorded_at, ord)
     ORDER BY ord
     RETURNING stream_id, stream_version, global_position::text, transaction_id::text`,
    [flat.map((r) => r.streamId), flat.map((r) => r.version), ...eventColumns(flat.map((r) => r.event))],
  );
  const last = new Map<string, Omit<StoredRow, 'event_id'>>();
  for (const row of rows) {
    const current = last.get(row.stream_id);
    if (!current || row.stream_version > current.stream_version) last.set(row.stream_id, row);
  }
  return new Map([...last].map(([streamId, row]) => [streamId, resultOf(row, false)]));
}
