import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { refreshAbcRanking, type AbcSummary } from '@crm/read-models';

/**
 * How current ABC classes, RFM scores and the ABC summary are served without ranking every customer
 * per request: from the stored ranking (read_models.abc_ranking, rfm_ranking and the summary in
 * abc_ranking_state, all as of its `rankedAt`), refreshed set-based in the background.
 * - A request that finds the ranking older than REFRESH_AFTER_MS starts a refresh (one at a time
 *   per process; across processes the database's advisory lock lets one run) and is answered from
 *   the ranking it found.
 * - A ranking older than MAX_STALENESS_MS, or ranked under another policy than the live one, is not
 *   served: the request waits for a refresh, and computes the ranking itself if none could be made.
 * So a served class is at most MAX_STALENESS_MS old, and under steady traffic about REFRESH_AFTER_MS
 * plus one refresh's duration.
 */
export const ABC_REFRESH_AFTER_MS = 10_000;
export const ABC_MAX_STALENESS_MS = 60_000;

const logger = new Logger('AbcRanking');
const refreshing = new WeakMap<DataSource, Promise<void>>();

/** Refreshes the ranking if it is older than REFRESH_AFTER_MS; callers share a refresh in flight. */
export function refreshAbcRankingOnce(db: DataSource): Promise<void> {
  const inFlight = refreshing.get(db);
  if (inFlight) return inFlight;
  const refresh = refreshAbcRanking(db, ABC_REFRESH_AFTER_MS)
    .then(() => undefined)
    .catch((error: unknown) => {
      logger.warn(`ABC ranking refresh failed: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(() => refreshing.delete(db));
  refreshing.set(db, refresh);
  return refresh;
}

/**
 * SQL: whether the stored ranking may be served at `$1` (a timestamptz parameter): it exists, was
 * ranked within MAX_STALENESS_MS of `$1` (either side: a ranking made just after the request's
 * instant is as good) and under the live policy, with its RFM scores and ABC summary (a ranking
 * stored before those were is re-made). `st` is abc_ranking_state.
 */
export const RANKING_USABLE_SQL = `(st.ranked_at IS NOT NULL
  AND abs(extract(epoch FROM $1::timestamptz - st.ranked_at)) * 1000 < ${ABC_MAX_STALENESS_MS}
  AND st.policy = read_models.live_policy()
  AND st.rfm_population IS NOT NULL AND st.abc_summary IS NOT NULL)`;

/** SQL: the age in milliseconds of the stored ranking at `$1` (null without one). */
export const RANKING_AGE_MS_SQL = `(extract(epoch FROM $1::timestamptz - st.ranked_at) * 1000)::float8`;

export interface RankingState {
  usable: boolean;
  ageMs: number | null;
}

/** Starts a background refresh when the ranking a request saw is due for one. */
export function refreshIfDue(db: DataSource, state: RankingState): void {
  if (state.ageMs === null || state.ageMs > ABC_REFRESH_AFTER_MS) void refreshAbcRankingOnce(db);
}

/** The stored ranking's state at `now` (one small read). */
export async function rankingState(db: DataSource, now: Date): Promise<RankingState> {
  const rows: Array<{ usable: boolean; ageMs: number | null }> = await db.query(
    `SELECT ${RANKING_USABLE_SQL} AS usable, ${RANKING_AGE_MS_SQL} AS "ageMs"
     FROM (SELECT 1) one LEFT JOIN read_models.abc_ranking_state st ON true`,
    [now],
  );
  return { usable: rows[0]?.usable ?? false, ageMs: rows[0]?.ageMs ?? null };
}

/**
 * The ranking is usable at `now`, refreshing first (and waiting) if it is not; false when even
 * then it is not (another process is refreshing, or the refresh failed): compute it live.
 */
export async function ensureUsableRanking(db: DataSource, now: Date): Promise<boolean> {
  const state = await rankingState(db, now);
  refreshIfDue(db, state);
  if (state.usable) return true;
  await refreshAbcRankingOnce(db);
  return (await rankingState(db, now)).usable;
}

/**
 * The stored ABC summary and when it is as of, under the same rules as the ranking (refreshing
 * first and waiting if it may not be served); null when even then it may not: compute it live.
 */
export async function storedAbcSummary(
  db: DataSource,
  now: Date,
): Promise<{ rankedAt: Date; summary: AbcSummary } | null> {
  const read = async () => {
    const rows: Array<RankingState & { rankedAt: Date | null; summary: AbcSummary | null }> = await db.query(
      `SELECT ${RANKING_USABLE_SQL} AS usable, ${RANKING_AGE_MS_SQL} AS "ageMs",
              st.ranked_at AS "rankedAt", st.abc_summary AS summary
       FROM (SELECT 1) one LEFT JOIN read_models.abc_ranking_state st ON true`,
      [now],
    );
    return rows[0];
  };
  let row = await read();
  if (row) refreshIfDue(db, row);
  if (!row?.usable) {
    await refreshAbcRankingOnce(db);
    row = await read();
  }
  return row?.usable && row.rankedAt && row.summary ? { rankedAt: row.rankedAt, summary: row.summary } : null;
}
