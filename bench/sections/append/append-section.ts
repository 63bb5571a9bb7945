import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@crm/event-store';
import { PROJECTOR_MIGRATIONS } from '../../../apps/projector/src/projector.app';
import { datasetFile } from '../../data/dataset-cache';
import { copyDataset } from '../../data/dataset-file';
import { copyStreamsIntoEmmett, openEmmett } from '../../peer/emmett-peer';
import type { BenchContext } from '../../support/bench-context';
import { createBenchDatabase, dropBenchDatabase } from '../../support/bench-postgres';
import { startApp, waitForHttp } from '../../support/children';
import { freePort } from '../../support/free-port';
import { runHttpLoad, type HttpLoadResult } from '../../support/http-load';
import { LatencyRecorder, ratio } from '../../support/latency';
import { mergeRounds, runClosedLoop, type ClosedLoopResult } from '../../support/load-runner';
import { say } from '../../support/progress';
import { ms, perS, type SectionOutput } from '../../support/report';
import {
  FLOOR_DDL,
  floorBatched,
  floorPayloads,
  floorSingle,
  oursAppend,
  oursCommand,
  oursVersions,
  peerAppend,
  peerCommand,
  peerVersions,
  type AppendOp,
} from './append-contenders';
import { AppendWorkload } from './append-workload';
import { childCpuProfile } from '../replay/replay-profile';
import { benchAuthHeaders } from '../../support/bench-auth';

const CONCURRENCY = [1, 64] as const;
const BATCH_ROWS = 100;
/** Each contender's measured time is split into this many rounds, the contenders taking turns. */
const ROUNDS = 2;

const latencyNote = (r: { latencyMs: { p50: number | null; p99: number | null } }) =>
  `p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}`;

/**
 * Append: commands per second and latency of our command path (in-process and over HTTP) and of
 * our event store, against plain INSERTs into the same PostgreSQL and against the peer (Emmett)
 * doing the same work, at 1 and 64 concurrent clients.
 */
export async function runAppendSection(ctx: BenchContext, out: SectionOutput): Promise<void> {
  const { config } = ctx;
  const reps = Math.min(config.reps, 40);
  const data = await datasetFile(
    ctx.root,
    {
      events: config.appendCustomers * 20,
      customers: config.appendCustomers,
      reps,
      end: ctx.end,
      seed: 11,
      customerPrefix: 'ac',
    },
    'append-history',
  );
  const url = await createBenchDatabase(ctx.server, 'append', PROJECTOR_MIGRATIONS);
  const db = new Client({ connectionString: url });
  await db.connect();
  const store = new PostgresEventStore({ connectionString: url });
  const floorPool = new Pool({ connectionString: url, max: 10 });
  let emmett: Awaited<ReturnType<typeof openEmmett>> | null = null;
  try {
    await copyDataset(db, 'event_store.events', data.path);
    emmett = await openEmmett(url);
    await copyStreamsIntoEmmett(url, emmett, data.events, 'append history');
    for (const sql of FLOOR_DDL) await db.query(sql);
    await db.query('VACUUM ANALYZE');
    say(
      `history: ${data.customers.length.toLocaleString('en-US')} customers, ${data.events.toLocaleString('en-US')} events in both stores`,
    );

    const durationMs = config.durationS * 1000;
    const warmupMs = Math.min(2_000, durationMs / 5);
    // Reps write to the customers they own (the command API refuses the others with 403).
    const workload = new AppendWorkload(
      data.customers.filter((c) => c.owned),
      `${Date.now().toString(36)}`,
    );
    const payloads = floorPayloads(workload);
    const peer = emmett;
    const ourVersions = oursVersions(workload);
    const theirVersions = peerVersions(workload);
    // The command paths move the streams on too: read every stream's version before each run.
    const streamIds = data.customers.map((c) => c.streamId);
    const refreshVersions = async () => {
      const ours = await db.query<{ stream_id: string; v: number }>(
        'SELECT stream_id, max(stream_version) AS v FROM event_store.events WHERE stream_id = ANY($1) GROUP BY stream_id',
        [streamIds],
      );
      for (const r of ours.rows) ourVersions.set(r.stream_id, r.v);
      const theirs = await db.query<{ stream_id: string; p: string }>(
        'SELECT stream_id, stream_position::text AS p FROM emt_streams WHERE stream_id = ANY($1) AND NOT is_archived',
        [streamIds],
      );
      for (const r of theirs.rows) theirVersions.set(r.stream_id, BigInt(r.p));
    };
    const contenders: Array<{ key: string; label: string; make: (clients: number) => AppendOp }> = [
      { key: 'floorSingle', label: 'floor: single-row INSERT', make: () => floorSingle(floorPool, payloads) },
      {
        key: 'floorBatched',
        label: `floor: batched INSERT (${BATCH_ROWS} rows)`,
        make: () => floorBatched(floorPool, payloads, BATCH_ROWS),
      },
      {
        key: 'oursAppend',
        label: 'ours: event store append (1 event)',
        make: (c) => oursAppend(store, workload, c, ourVersions),
      },
      {
        key: 'peerAppend',
        label: 'Emmett: event store append (1 event)',
        make: (c) => peerAppend(peer, workload, c, theirVersions),
      },
      {
        key: 'oursCommand',
        label: 'ours: command in-process (load, decide, append)',
        make: (c) => oursCommand(store, workload, c),
      },
      {
        key: 'peerCommand',
        label: 'Emmett: command (aggregate, decide, append)',
        make: (c) => peerCommand(peer, workload, c),
      },
    ];
    const results: Record<string, Record<number, ClosedLoopResult>> = {};
    for (const clients of CONCURRENCY) {
      // Rounds alternate the contenders, so that a change in the machine's load hits all of them.
      const ops = new Map(contenders.map((c) => [c.key, c.make(clients)]));
      const rounds = new Map(
        contenders.map((c) => [c.key, { runs: [] as ClosedLoopResult[], latency: new LatencyRecorder() }]),
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of contenders) {
          say(
            `append: ${c.label}, ${clients} client${clients > 1 ? 's' : ''}, round ${round + 1}/${ROUNDS}, ${durationMs / ROUNDS / 1000} s`,
          );
          await refreshVersions();
          const slot = rounds.get(c.key)!;
          const r = await runClosedLoop({
            clients,
            durationMs: durationMs / ROUNDS,
            warmupMs: round === 0 ? warmupMs : 0,
            op: ops.get(c.key)!,
            latency: slot.latency,
          });
          slot.runs.push(r);
          say(
            `  ${perS(r.opsPerS)} (${perS(r.unitsPerS)} rows/events)${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`,
          );
        }
      }
      for (const c of contenders) {
        const slot = rounds.get(c.key)!;
        const merged = mergeRounds(slot.runs, slot.latency);
        (results[c.key] ??= {})[clients] = merged;
        say(
          `${c.label}, ${clients} client${clients > 1 ? 's' : ''}: ${perS(merged.opsPerS)}, ${latencyNote(merged)}`,
        );
      }
    }
    out.results.inProcess = results;
    out.results.setup = {
      customers: data.customers.length,
      historyEvents: data.events,
      poolSize: 10,
      warmupMs,
      durationMs,
      rounds: ROUNDS,
      floorBatchRows: BATCH_ROWS,
    };

    for (const clients of CONCURRENCY) {
      const get = (key: string) => results[key]?.[clients];
      const oursCmd = get('oursCommand');
      const peerCmd = get('peerCommand');
      const oursApp = get('oursAppend');
      const peerApp = get('peerAppend');
      const single = get('floorSingle');
      const batched = get('floorBatched');
      const c = `${clients} client${clients > 1 ? 's' : ''}`;
      out.rows.push(
        {
          measurement: `command in-process, ${c}`,
          ours: perS(oursCmd?.opsPerS),
          against: `Emmett ${perS(peerCmd?.opsPerS)}`,
          ratio: ratio(oursCmd?.opsPerS, peerCmd?.opsPerS),
          note: `ours ${oursCmd ? latencyNote(oursCmd) : '—'}; Emmett ${peerCmd ? latencyNote(peerCmd) : '—'}`,
        },
        {
          measurement: `event store append, ${c}`,
          ours: perS(oursApp?.opsPerS),
          against: `Emmett ${perS(peerApp?.opsPerS)}`,
          ratio: ratio(oursApp?.opsPerS, peerApp?.opsPerS),
          note: `ours ${oursApp ? latencyNote(oursApp) : '—'}; Emmett ${peerApp ? latencyNote(peerApp) : '—'}`,
        },
        {
          measurement: `event store append vs floor, ${c}`,
          ours: perS(oursApp?.opsPerS),
          against: `single INSERT ${perS(single?.unitsPerS)}`,
          ratio: ratio(oursApp?.opsPerS, single?.unitsPerS),
          note: single ? `floor ${latencyNote(single)}` : '',
        },
        {
          measurement: `command in-process vs batched floor, ${c}`,
          ours: perS(oursCmd?.opsPerS),
          against: `batched INSERT ${perS(batched?.unitsPerS)} rows`,
          ratio: ratio(oursCmd?.opsPerS, batched?.unitsPerS),
        },
      );
    }
    const at64 = (key: string) => results[key]?.[64]?.opsPerS;
    const cmdRatio = ratio(at64('oursCommand'), at64('peerCommand'));
    const appendRatio = ratio(at64('oursAppend'), at64('peerAppend'));
    out.targets.push(
      {
        target: 'append ≥ 1.5× peer (command path, 64 clients)',
        actual: `${cmdRatio}× (${perS(at64('oursCommand'))} vs ${perS(at64('peerCommand'))})`,
        met: cmdRatio === null ? null : cmdRatio >= 1.5,
      },
      {
        target: 'append ≥ 1.5× peer (event store append, 64 clients)',
        actual: `${appendRatio}× (${perS(at64('oursAppend'))} vs ${perS(at64('peerAppend'))})`,
        met: appendRatio === null ? null : appendRatio >= 1.5,
      },
    );

    try {
      // --profile: a CPU profile of the command API over the HTTP runs (written when it stops).
      const cpuProfile = await childCpuProfile(config.profile, 'command-api');
      out.results.http = await runHttpAppend(
        url,
        workload,
        config.durationS,
        config.verbose,
        cpuProfile.nodeArgs,
      );
      if (config.profile) out.results.commandApiCpuProfile = await cpuProfile.summary();
      for (const [clients, r] of Object.entries(out.results.http as Record<string, HttpLoadResult>)) {
        out.rows.push({
          measurement: `command over HTTP (POST /customers/{id}/orders), ${clients} connection${clients === '1' ? '' : 's'}`,
          ours: perS(r.okPerS),
          against: 'peer: no HTTP API',
          note: `p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}${r.non2xx ? `, ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}` : ''}${r.errors ? `, ${r.errors} errors` : ''}`,
        });
      }
    } catch (error) {
      out.partialError = `HTTP append: ${error instanceof Error ? error.message : String(error)}`;
      say(out.partialError);
    }
  } finally {
    await emmett?.close().catch(() => undefined);
    await store.close();
    await floorPool.end();
    await db.end();
    if (process.env.BENCH_KEEP_DB !== '1') await dropBenchDatabase(ctx.server, 'bench_append');
  }
}

/** The built command API as a child process, loaded by autocannon with the same orders. */
async function runHttpAppend(
  url: string,
  workload: AppendWorkload,
  durationS: number,
  verbose: boolean,
  nodeArgs: string[],
) {
  const port = await freePort();
  const api = startApp(
    'command-api',
    { DATABASE_URL: url, COMMAND_API_PORT: String(port), HOST: '127.0.0.1' },
    { verbose, nodeArgs },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${base}/docs-json`);
    let n = 0;
    const next = () => {
      const customer = workload.customers[n++ % workload.customers.length]!;
      return {
        path: `/customers/${encodeURIComponent(customer.customerId)}/orders`,
        body: workload.orderBody(customer),
      };
    };
    const headers = { ...(await benchAuthHeaders()), 'content-type': 'application/json' };
    say('append over HTTP: warm-up');
    await runHttpLoad({
      url: base,
      connections: 8,
      durationS: Math.min(2, durationS),
      method: 'POST',
      headers,
      next,
    });
    const results: Record<number, HttpLoadResult> = {};
    for (const connections of CONCURRENCY) {
      say(`append over HTTP: ${connections} connection${connections > 1 ? 's' : ''}, ${durationS} s`);
      const r = await runHttpLoad({ url: base, connections, durationS, method: 'POST', headers, next });
      results[connections] = r;
      say(
        `  ${perS(r.okPerS)} 2xx, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}${r.non2xx ? `, non-2xx ${JSON.stringify(r.statusCodes)}` : ''}`,
      );
    }
    return results;
  } finally {
    await api.stop();
  }
}
