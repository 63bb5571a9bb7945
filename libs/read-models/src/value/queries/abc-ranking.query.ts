import type { SqlExecutor } from '../../projection/projection';
import { LIVE_VALUE_SCHEMA, valueSchema } from '../value-schema';

/**
 * Recomputes the stored ABC ranking (abc_ranking), the RFM scores (rfm_ranking) and the ABC
 * summary with them, in one transaction (refresh_value_ranking), unless ones younger than
 * `maxAgeMs` under the live policy exist or another session is computing them. Returns when the
 * new ranking is as of, or null if it did nothing.
 */
export async function refreshAbcRanking(
  db: SqlExecutor,
  maxAgeMs: number,
  schema: string = LIVE_VALUE_SCHEMA,
): Promise<Date | null> {
  const s = valueSchema(schema);
  const [row] = await db.query<Array<{ at: Date | null }>>(
    `SELECT ${s}.refresh_value_ranking(make_interval(secs => $1::double precision / 1000)) AS at`,
    [maxAgeMs],
  );
  return row?.at ?? null;
}
