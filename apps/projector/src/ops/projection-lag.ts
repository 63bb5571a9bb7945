import type { DataSource } from 'typeorm';
import type { EventStore } from '@crm/event-store';
import { checkpointKey, type ProjectionEngine } from '@crm/read-models';

/** How far a projection is behind the head of the event store. */
export interface ProjectionLag {
  /** Checkpoint key (`name@vN`). */
  projection: string;
  /** Events in the log after its checkpoint (counted up to LAG_COUNT_CAP). */
  events: number;
  /** Age of the oldest event it has not applied yet (0 when it is caught up). */
  seconds: number;
}

/** Counting stops here: past it the projection is simply far behind. */
export const LAG_COUNT_CAP = 100_000;
/** Through the port (EventStoreDB), counting reads the events: a lower bound. */
const PORT_COUNT_CAP = 1000;

const PG_POSITION = /^(\d+)-(\d+)$/;

/** Events of the PostgreSQL log after `position` that a reader can see (same filter as readAll). */
async function countPgEventsAfter(dataSource: DataSource, position: string | null): Promise<number> {
  const match = position === null ? null : PG_POSITION.exec(position);
  const [xid, global] = match ? [match[1]!, match[2]!] : ['0', '0'];
  const rows: Array<{ n: number }> = await dataSource.query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM event_store.events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       LIMIT $3) behind`,
    [xid, global, LAG_COUNT_CAP],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Each projection's lag: events after its checkpoint (PostgreSQL: counted in SQL; EventStoreDB:
 * read through the port, up to 1000) and the age of the first of them (its `recordedAt`).
 * Projections on one checkpoint (the usual case) are measured once.
 */
export async function measureProjectionLag(
  engine: ProjectionEngine,
  store: EventStore,
  dataSource: DataSource,
  postgresStore: boolean,
  now: () => number = Date.now,
): Promise<ProjectionLag[]> {
  const checkpoints = await engine.checkpoints();
  const measured = new Map<string, Promise<Omit<ProjectionLag, 'projection'>>>();
  const measure = async (position: string | null) => {
    const [next] = await store.readAll(position, 1);
    if (!next) return { events: 0, seconds: 0 };
    const seconds = Math.max(0, (now() - Date.parse(next.metadata.recordedAt)) / 1000);
    const events = postgresStore
      ? await countPgEventsAfter(dataSource, position)
      : (await store.readAll(position, PORT_COUNT_CAP)).length;
    return { events, seconds };
  };
  return Promise.all(
    engine.projections.map(async (p) => {
      const projection = checkpointKey(p);
      const position = checkpoints.get(projection) || null;
      const key = position ?? '';
      if (!measured.has(key)) measured.set(key, measure(position));
      return { projection, ...(await measured.get(key)!) };
    }),
  );
}
