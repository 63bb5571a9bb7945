import { Client } from 'pg';
import { waitFor } from '@crm/testing';

/** Events in the log, and the fewest any projection has passed. */
export async function projectionProgress(databaseUrl: string): Promise<{ events: number; slowest: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const events = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events'))
      .rows[0]!.n;
    const slowest = (
      await client.query<{ n: number | null }>(
        'SELECT min(events_applied)::int AS n FROM read_models.projection_checkpoints',
      )
    ).rows[0]!.n;
    return { events, slowest: slowest ?? 0 };
  } finally {
    await client.end();
  }
}

/** Waits until every projection has passed every event of the log. */
export const waitForProjections = (databaseUrl: string, timeoutMs = 120_000) =>
  waitFor(
    () => projectionProgress(databaseUrl),
    (p) => p.slowest >= p.events,
    { what: 'the projections to catch up', timeoutMs, intervalMs: 200 },
  );
