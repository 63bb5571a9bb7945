import { Pool } from 'pg';
import type { ReadinessCheck } from './readiness-check';

/**
 * `SELECT 1` on a PostgreSQL database through a one-connection pool of its own (the check does not
 * queue behind the app's work; a dead connection is replaced on the next check).
 */
export function postgresPing(name: string, url: string, timeoutMs: number): ReadinessCheck {
  const pool = new Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => undefined);
  return {
    name,
    check: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
