import { Client } from 'pg';

/** Columns that say when a row was written, not what it says: left out of comparisons. */
const VOLATILE_COLUMNS = new Set(['updated_at', 'refreshed_at', 'created_at']);

/** Tables that hold progress, not read-model content. */
const PROGRESS_TABLES = new Set(['projection_checkpoints']);

const readModelTables = async (client: Client): Promise<string[]> => {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'read_models' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => !PROGRESS_TABLES.has(t));
};

/**
 * Every read-model row as text, table by table, in a stable order: two databases built from the same
 * events by different routes (direct, Kafka, after a crash) must give equal snapshots.
 */
export async function readModelSnapshot(url: string): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const snapshot: Record<string, string[]> = {};
    for (const table of await readModelTables(client)) {
      const { rows: columns } = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'read_models' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const kept = columns.map((c) => c.column_name).filter((c) => !VOLATILE_COLUMNS.has(c));
      const list = kept.map((c) => `"${c}"`).join(', ');
      const { rows } = await client.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM (SELECT ${list} FROM read_models."${table}") t ORDER BY 1`,
      );
      snapshot[table] = rows.map((r) => r.row);
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

/** Empties every read model, the projection checkpoints and the Kafka consumer offsets. */
export async function resetReadModels(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = [...(await readModelTables(client)), ...PROGRESS_TABLES].map((t) => `read_models."${t}"`);
    const { rows } = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'transport' AND table_name = 'consumer_offsets'`);
    if (rows.length) tables.push('transport.consumer_offsets');
    await client.query(`TRUNCATE ${tables.join(', ')}`);
  } finally {
    await client.end();
  }
}
