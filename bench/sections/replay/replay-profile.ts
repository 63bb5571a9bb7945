import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type LogEvent } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, type Projection, type SqlExecutor } from '@crm/read-models';
import { round } from '../../support/latency';
import { progressReporter } from '../../support/progress';

interface Tally {
  ms: number;
  calls: number;
}

const add = (map: Map<string, Tally>, key: string, ms: number) => {
  const t = map.get(key) ?? { ms: 0, calls: 0 };
  t.ms += ms;
  t.calls++;
  map.set(key, t);
};

const top = (map: Map<string, Tally>, n: number) =>
  [...map]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, n)
    .map(([key, t]) => ({
      key,
      totalMs: Math.round(t.ms),
      calls: t.calls,
      meanMs: round(t.ms / t.calls, 3),
    }));

/**
 * Where replay time goes, seen from the projector's side: every projection's apply and every SQL
 * statement it sends are timed (wrappers around the unchanged projections and their executor),
 * over `limit` events already in the database's event store, with the real ProjectionEngine.
 */
export async function profileReplayInProcess(url: string, limit: number) {
  const perProjection = new Map<string, Tally>();
  const perEventType = new Map<string, Tally>();
  const perStatement = new Map<string, Tally>();
  /** The executor, timing each statement under the projection's name. */
  const timing =
    (name: string) =>
    (db: SqlExecutor): SqlExecutor => ({
      async query<T>(sql: string, parameters?: unknown[]): Promise<T> {
        const t0 = performance.now();
        try {
          return await db.query<T>(sql, parameters);
        } finally {
          add(
            perStatement,
            `${name}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 90)}`,
            performance.now() - t0,
          );
        }
      },
    });
  // The engine's route is kept: applyBatch where a projection has it (tallied per batch, under the
  // batch's event types), apply per event otherwise.
  const timed: Projection[] = ALL_PROJECTIONS.map((p) => {
    const executor = timing(p.name);
    const tally = (types: string, took: number) => {
      add(perProjection, p.name, took);
      add(perEventType, `${p.name} ← ${types}`, took);
    };
    return {
      name: p.name,
      version: p.version,
      handles: p.handles,
      async apply(event, db) {
        const t0 = performance.now();
        await p.apply(event, executor(db));
        tally(event.type, performance.now() - t0);
      },
      ...(p.applyBatch
        ? {
            async applyBatch(events: LogEvent[], db: SqlExecutor) {
              const t0 = performance.now();
              await p.applyBatch!(events, executor(db));
              tally('(batch)', performance.now() - t0);
            },
          }
        : {}),
    };
  });
  const ds = await new DataSource({ type: 'postgres', url, logging: false }).initialize();
  const store = new PostgresEventStore({ connectionString: url });
  const engine = new ProjectionEngine(ds, timed, (a, b) => store.comparePositions(a, b));
  const report = progressReporter('instrumented replay', limit);
  let readMs = 0;
  let batchMs = 0;
  let done = 0;
  let from: string | null = null;
  try {
    while (done < limit) {
      let t0 = performance.now();
      const events = await store.readAll(from, Math.min(1_000, limit - done));
      readMs += performance.now() - t0;
      if (events.length === 0) break;
      t0 = performance.now();
      from = (await engine.applyBatch(events)).lastPosition;
      batchMs += performance.now() - t0;
      done += events.length;
      report(done);
    }
  } finally {
    await store.close();
    await ds.destroy();
  }
  const applyMs = [...perProjection.values()].reduce((s, t) => s + t.ms, 0);
  const statementMs = [...perStatement.values()].reduce((s, t) => s + t.ms, 0);
  const statements = [...perStatement.values()].reduce((s, t) => s + t.calls, 0);
  return {
    events: done,
    totalMs: Math.round(readMs + batchMs),
    readAllMs: Math.round(readMs),
    applyBatchMs: Math.round(batchMs),
    projectionsApplyMs: Math.round(applyMs),
    /** Inside applyBatch but outside the projections: BEGIN/COMMIT, checkpoint lock and update. */
    engineOverheadMs: Math.round(batchMs - applyMs),
    sqlStatements: statements,
    statementsPerEvent: round(statements / Math.max(1, done), 2),
    meanStatementMs: round(statementMs / Math.max(1, statements), 3),
    perProjection: top(perProjection, 20),
    perEventType: top(perEventType, 15),
    perStatement: top(perStatement, 15),
  };
}

/** The statements PostgreSQL spent the most time planning and executing (pg_stat_statements, when loaded). */
export async function topServerStatements(url: string, n = 12) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{
      query: string;
      calls: string;
      total_ms: number;
      mean_ms: number;
      plan_total_ms: number;
      plan_mean_ms: number;
    }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::text, round(total_exec_time::numeric, 1)::float AS total_ms,
              round(mean_exec_time::numeric, 4)::float AS mean_ms,
              round(total_plan_time::numeric, 1)::float AS plan_total_ms, round(mean_plan_time::numeric, 4)::float AS plan_mean_ms
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
      [n],
    );
    return rows.map((r) => ({ ...r, query: r.query.slice(0, 160) }));
  } finally {
    await db.end();
  }
}

/**
 * A CPU profile of a child process (`--profile`): `nodeArgs` start it with `--cpu-prof` into a
 * fresh folder, `summary()` reads what it wrote when it stopped. Off: no arguments, summary null.
 */
export async function childCpuProfile(enabled: boolean, name: string) {
  const dir = enabled ? await mkdtemp(path.join(tmpdir(), `crm-bench-${name}-cpuprof-`)) : null;
  return {
    nodeArgs: dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [],
    summary: () => (dir ? summariseCpuProfile(dir) : Promise.resolve(null)),
  };
}

/** Self time per function and per package of the newest .cpuprofile in `dir`. */
export async function summariseCpuProfile(dir: string) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files[files.length - 1];
  if (!file) return null;
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    startTime: number;
    endTime: number;
  };
  const tick = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perFunction = new Map<string, Tally>();
  const perPackage = new Map<string, Tally>();
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    const url = frame.url;
    const pkg = url.includes('node_modules/')
      ? url
          .split('node_modules/')
          .pop()!
          .split('/')
          .slice(0, url.split('node_modules/').pop()!.startsWith('@') ? 2 : 1)
          .join('/')
      : url.includes('/libs/') || url.includes('/apps/')
        ? 'crm (libs, apps)'
        : frame.functionName.startsWith('(')
          ? frame.functionName
          : 'node internals';
    add(perPackage, pkg, tick);
    add(
      perFunction,
      `${frame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`,
      tick,
    );
  }
  const idle = perPackage.get('(idle)')?.ms ?? 0;
  return {
    file: path.join(dir, file),
    wallMs: Math.round((profile.endTime - profile.startTime) / 1000),
    idleMs: Math.round(idle),
    perPackage: top(perPackage, 12),
    perFunction: top(perFunction, 15),
  };
}
