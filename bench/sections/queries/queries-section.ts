import { Client } from 'pg';
import { PROJECTOR_MIGRATIONS } from '../../../apps/projector/src/projector.app';
import { REGIONS } from '../../data/catalog';
import { datasetFile } from '../../data/dataset-cache';
import { copyDataset } from '../../data/dataset-file';
import type { BenchContext } from '../../support/bench-context';
import { createBenchDatabase, dropBenchDatabase } from '../../support/bench-postgres';
import { startApp, waitForHttp } from '../../support/children';
import { freePort } from '../../support/free-port';
import { runHttpLoad, type HttpLoadResult } from '../../support/http-load';
import { say } from '../../support/progress';
import { mb, ms, perS, type SectionOutput } from '../../support/report';
import { runProjectorRebuild } from '../replay/projector-rebuild';
import { childCpuProfile, topServerStatements } from '../replay/replay-profile';
import { benchAuthHeaders } from '../../support/bench-auth';

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

interface QuerySpec {
  key: string;
  label: string;
  connections: number;
  rate?: number;
  /** A request that must answer 200 before the run (a 404 skips the query). */
  probe: string;
  next: () => string;
}

/**
 * Queries: latency of customer detail (at a fixed rate), customer list with filters, the ABC
 * distribution and a sales-cube group-by, against the query API (built, child process) over the
 * read models of a 100,000-customer history, under concurrent load (autocannon).
 */
export async function runQueriesSection(ctx: BenchContext, out: SectionOutput): Promise<void> {
  const { config } = ctx;
  const data = await datasetFile(
    ctx.root,
    {
      events: config.queryEvents,
      customers: config.queryCustomers,
      reps: config.reps,
      end: ctx.end,
      seed: 31,
      customerPrefix: 'qc',
    },
    'queries',
  );
  const url = await createBenchDatabase(ctx.server, 'queries', PROJECTOR_MIGRATIONS);
  try {
    const db = new Client({ connectionString: url });
    await db.connect();
    // Closed before the database is dropped, even when the rebuild fails: a dropped database ends
    // its sessions, and an open client would crash the bench and hide the rebuild's error.
    try {
      await copyDataset(db, 'event_store.events', data.path);
      await db.query('VACUUM ANALYZE event_store.events');
      say(
        `queries: building the read models of ${data.customers.length.toLocaleString('en-US')} customers (${data.events.toLocaleString('en-US')} events)`,
      );
      const rebuild = await runProjectorRebuild(url, data.events, {
        label: 'projector (query dataset)',
        verbose: config.verbose,
      });
      out.results.readModelBuild = rebuild;
      out.rows.push({
        measurement: `rebuild of the query dataset (${data.customers.length.toLocaleString('en-US')} customers)`,
        ours: perS(rebuild.eventsPerS),
        note: `${data.events.toLocaleString('en-US')} events in ${rebuild.seconds} s, peak RSS ${mb(rebuild.peakRssMb)}`,
      });
      await db.query('VACUUM ANALYZE');
      // The stored ranking the query API refreshes in the background (ABC, RFM scores, ABC summary):
      // how long one refresh takes over the whole population, on an idle API.
      const refreshStarted = performance.now();
      await db.query(`SELECT read_models.refresh_value_ranking(interval '0')`);
      const refreshMs = Math.round(performance.now() - refreshStarted);
      out.results.rankingRefreshMs = refreshMs;
      out.rows.push({
        measurement: `refresh of the stored ranking (ABC, RFM, summary), ${data.customers.length.toLocaleString('en-US')} customers`,
        ours: ms(refreshMs),
        note: 'one refresh_value_ranking, no other load; the query API re-runs it every 10 s in the background',
      });
    } finally {
      await db.end();
    }

    const port = await freePort();
    // --profile: a CPU profile of the query API over all the query runs (written when it stops).
    const cpuProfile = await childCpuProfile(config.profile, 'query-api');
    const api = startApp(
      'query-api',
      { DATABASE_URL: url, QUERY_API_PORT: String(port), HOST: '127.0.0.1' },
      { verbose: config.verbose, nodeArgs: cpuProfile.nodeArgs },
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(api, `${base}/docs-json`);
      await runQueries(
        ctx,
        out,
        base,
        data.customers.map((c) => c.customerId),
        url,
      );
    } finally {
      await api.stop();
    }
    if (config.profile) out.results.queryApiCpuProfile = await cpuProfile.summary();
  } finally {
    if (process.env.BENCH_KEEP_DB !== '1') await dropBenchDatabase(ctx.server, 'bench_queries');
  }
}

async function runQueries(
  ctx: BenchContext,
  out: SectionOutput,
  base: string,
  ids: string[],
  url: string,
): Promise<void> {
  const { config } = ctx;
  let n = 0;
  const end = ctx.end.getTime();
  const listFilters = [
    ...REGIONS.map((r) => `region=${r}&type=retail`),
    ...REGIONS.map((r) => `region=${r}&stage=active&sort=revenue&order=desc`),
    'class=A&sort=revenue&order=desc',
    'type=distributor&q=trading',
  ];
  const specs: QuerySpec[] = [
    {
      key: 'customerDetail',
      label: 'GET /customers/{id}',
      connections: 32,
      rate: config.detailRate,
      probe: `/customers/${ids[0]}`,
      next: () => `/customers/${ids[(n++ * 7919) % ids.length]}`,
    },
    {
      key: 'customerList',
      label: 'GET /customers?<filters>&limit=50',
      connections: 8,
      probe: `/customers?${listFilters[0]}&limit=50`,
      next: () => `/customers?${listFilters[n++ % listFilters.length]}&limit=50`,
    },
    {
      key: 'abc',
      label: 'GET /analytics/abc',
      connections: 4,
      probe: '/analytics/abc',
      next: () => '/analytics/abc',
    },
    {
      key: 'salesCube',
      label: 'GET /analytics/sales?groupBy=region,category (last quarter)',
      connections: 4,
      probe: `/analytics/sales?groupBy=region,category&from=${day(end - 91 * DAY)}&to=${day(end - DAY)}`,
      next: () => `/analytics/sales?groupBy=region,category&from=${day(end - 91 * DAY)}&to=${day(end - DAY)}`,
    },
  ];
  for (const spec of specs) {
    const headers = await benchAuthHeaders();
    const probe = await fetch(`${base}${spec.probe}`, { headers });
    if (probe.status === 404 && spec.key !== 'customerDetail') {
      const reason = `${spec.label}: ${spec.probe} answered 404 (endpoint not there yet)`;
      out.skipped.push(reason);
      say(`skipping ${reason}`);
      continue;
    }
    if (!probe.ok) {
      const reason = `${spec.label}: probe answered ${probe.status} ${(await probe.text()).slice(0, 200)}`;
      out.skipped.push(reason);
      say(`skipping ${reason}`);
      continue;
    }
    await probe.arrayBuffer();
    const next = () => ({ path: spec.next() });
    await runHttpLoad({
      url: base,
      connections: Math.min(spec.connections, 4),
      durationS: Math.min(2, config.durationS),
      method: 'GET',
      headers,
      next,
    });
    say(
      `queries: ${spec.label}, ${spec.connections} connections${spec.rate ? ` at ${spec.rate} req/s` : ''}, ${config.durationS} s`,
    );
    if (ctx.server.statStatements) await resetStatements(url);
    const r = await runHttpLoad({
      url: base,
      connections: spec.connections,
      durationS: config.durationS,
      overallRate: spec.rate,
      method: 'GET',
      headers,
      next,
    });
    out.results[spec.key] = ctx.server.statStatements
      ? { ...r, serverStatements: await topServerStatements(url, 6) }
      : r;
    say(
      `  ${perS(r.okPerS)} 200s, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}${r.non2xx ? `, non-2xx ${JSON.stringify(r.statusCodes)}` : ''}`,
    );
    out.rows.push({
      measurement: `${spec.label}, ${spec.connections} conn${spec.rate ? `, ${spec.rate} req/s offered` : ''}`,
      ours: `p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}`,
      note: `${perS(r.okPerS)} answered; raw p99 ${ms(r.rawLatencyMs.p99)}${r.non2xx ? `; non-2xx ${JSON.stringify(r.statusCodes)}` : ''}${r.errors ? `; ${r.errors} errors` : ''}`,
    });
    if (spec.key === 'customerDetail') detailTarget(out, r, spec.rate!);
  }
}

async function resetStatements(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
  } finally {
    await db.end();
  }
}

function detailTarget(out: SectionOutput, r: HttpLoadResult, rate: number): void {
  const kept = r.okPerS >= rate * 0.95 && r.non2xx === 0 && r.errors === 0;
  out.targets.push({
    target: `customer detail p99 < 10 ms at ${rate.toLocaleString('en-US')} req/s`,
    actual: `p99 ${ms(r.latencyMs.p99)} at ${perS(r.okPerS)}`,
    met: kept && r.latencyMs.p99 < 10,
    ...(kept ? {} : { note: 'the offered rate was not sustained (or some requests failed)' }),
  });
}
