import 'reflect-metadata';
import { Client, Pool } from 'pg';
import { APPEND_TO_STREAM_SQL, eventColumns } from '@crm/event-store';
import { PROJECTOR_MIGRATIONS } from '../../../apps/projector/src/projector.app';
import { datasetFile } from '../../data/dataset-cache';
import { copyDataset } from '../../data/dataset-file';
import { copyStreamsIntoEmmett, openEmmett } from '../../peer/emmett-peer';
import { startBenchServer } from '../../support/bench-postgres';
import { createBenchDatabase } from '../../support/bench-postgres';
import { ROOT } from '../../support/children';
import { runClosedLoop } from '../../support/load-runner';
import { load, say } from '../../support/progress';
import { ms, perS } from '../../support/report';
import { floorPayloads, floorSingle, peerAppend, peerVersions, type AppendOp } from './append-contenders';
import { AppendWorkload } from './append-workload';

/**
 * What one event-store append costs, piece by piece: the append statement with and without its
 * pg_notify, as an unnamed or a named (prepared once per connection) statement, with and without
 * the log-order index, next to the store's appendToStream, Emmett's and a plain INSERT, on the same
 * embedded server and history as the append section. Not part of `npm run bench`; run by hand:
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/sections/append/append-probe.ts
 *
 * PROBE_DURATION_S (default 3) per variant and concurrency, PROBE_CLIENTS (default 1,64),
 * PROBE_CUSTOMERS (default 256).
 */
const durationS = Number(process.env.PROBE_DURATION_S ?? 3);
const clientCounts = (process.env.PROBE_CLIENTS ?? '1,64').split(',').map(Number);
const customers = Number(process.env.PROBE_CUSTOMERS ?? 256);

/**
 * The store's own append statement, with the NOTIFY it used to carry when `notify` (a column of
 * its final SELECT: a data-modifying WITH cannot be wrapped in a subquery).
 */
const FINAL_FROM = 'FROM current c LEFT JOIN last l ON true';
const statement = (notify: boolean): string => {
  if (!notify) return APPEND_TO_STREAM_SQL;
  if (!APPEND_TO_STREAM_SQL.trimEnd().endsWith(FINAL_FROM))
    throw new Error('the append statement changed shape');
  return APPEND_TO_STREAM_SQL.replace(
    FINAL_FROM,
    `, CASE WHEN l.global_position IS NOT NULL THEN pg_notify($10, '') END AS notified ${FINAL_FROM}`,
  );
};

function rawAppend(
  pool: Pool,
  workload: AppendWorkload,
  clients: number,
  notify: boolean,
  named: boolean,
): AppendOp {
  const text = statement(notify);
  const name = named ? `probe_append_${notify ? 'n' : 'q'}` : undefined;
  return async (client, n) => {
    const customer = workload.customerFor(client, clients, n);
    const e = workload.orderEvent(customer);
    const values: unknown[] = [customer.streamId, null, ...eventColumns([e])];
    if (notify) values.push('event_store_appended');
    await pool.query(name ? { name, text, values } : { text, values });
    return 1;
  };
}

async function main(): Promise<void> {
  say(
    `append probe: ${durationS} s per run, clients ${clientCounts.join(', ')}; load average ${load().join(', ')}`,
  );
  const server = await startBenchServer({ statStatements: false });
  try {
    const data = await datasetFile(
      ROOT,
      {
        events: customers * 20,
        customers,
        reps: 40,
        end: new Date(Date.UTC(2026, 11, 1)),
        seed: 11,
        customerPrefix: 'ac',
      },
      'append-probe-history',
    );
    const url = await createBenchDatabase(server, 'append_probe', PROJECTOR_MIGRATIONS);
    const db = new Client({ connectionString: url });
    await db.connect();
    await copyDataset(db, 'event_store.events', data.path);
    const emmett = await openEmmett(url);
    await copyStreamsIntoEmmett(url, emmett, data.events, 'probe history');
    await db.query(`CREATE SCHEMA bench_floor`);
    await db.query(`CREATE TABLE bench_floor.plain (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL,
      metadata jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query('VACUUM ANALYZE');
    const settings = await db.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync','synchronous_commit','wal_sync_method','shared_buffers','jit','max_connections','commit_delay')`,
    );
    say(`server: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`);

    const workload = new AppendWorkload(data.customers, `p${Date.now().toString(36)}`);
    const pool = new Pool({ connectionString: url, max: 10 });
    pool.on('error', () => undefined);
    const payloads = floorPayloads(workload);

    const variants = (clients: number): Array<[string, AppendOp]> => {
      const theirs = peerVersions(workload);
      return [
        ['floor single INSERT', floorSingle(pool, payloads)],
        ['SQL +notify unnamed', rawAppend(pool, workload, clients, true, false)],
        ['SQL -notify unnamed', rawAppend(pool, workload, clients, false, false)],
        ['SQL +notify named', rawAppend(pool, workload, clients, true, true)],
        ['SQL -notify named', rawAppend(pool, workload, clients, false, true)],
        ['Emmett appendToStream', peerAppend(emmett, workload, clients, theirs)],
      ];
    };
    const run = async (label: string, clients: number, op: AppendOp) => {
      const r = await runClosedLoop({ clients, durationMs: durationS * 1000, warmupMs: 500, op });
      say(
        `${label.padEnd(28)} ${String(clients).padStart(2)} clients: ${perS(r.opsPerS).padStart(8)}, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''} (load ${load()[0]})`,
      );
    };
    for (const clients of clientCounts) {
      for (const [label, op] of variants(clients)) {
        await run(label, clients, op);
      }
    }
    say('without events_log_order_idx:');
    await db.query('DROP INDEX event_store.events_log_order_idx');
    for (const clients of clientCounts) {
      for (const [label, op] of variants(clients)) {
        if (!label.startsWith('SQL')) continue;
        await run(label, clients, op);
      }
    }
    await pool.end();
    await emmett.close();
    await db.end();
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
