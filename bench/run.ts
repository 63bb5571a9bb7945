import 'reflect-metadata';
import { cpus, freemem, totalmem } from 'node:os';
import { readBenchConfig, type SectionName } from './support/bench-config';
import type { BenchContext } from './support/bench-context';
import { startBenchServer } from './support/bench-postgres';
import { assertBuilt, ROOT } from './support/children';
import { load, say } from './support/progress';
import {
  renderTable,
  renderTargets,
  SectionOutput,
  writeJsonReport,
  type SectionReport,
} from './support/report';
import { runAppendSection } from './sections/append/append-section';
import { runFreshnessSection } from './sections/freshness/freshness-section';
import { runQueriesSection } from './sections/queries/queries-section';
import { runReplaySection } from './sections/replay/replay-section';

const RUNNERS: Record<SectionName, (ctx: BenchContext, out: SectionOutput) => Promise<void>> = {
  append: runAppendSection,
  replay: runReplaySection,
  freshness: runFreshnessSection,
  queries: runQueriesSection,
};

/** Runs one section; a failure is recorded and printed, and the run goes on. */
async function runSection(name: SectionName, ctx: BenchContext): Promise<SectionReport> {
  const out = new SectionOutput();
  const started = Date.now();
  const loadStart = load();
  say(`=== ${name} (load average ${loadStart.join(', ')})`);
  let error: string | undefined;
  try {
    await RUNNERS[name](ctx, out);
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    say(`${name} FAILED: ${error}`);
  }
  const report: SectionReport = {
    name,
    status: error ? 'failed' : out.partialError ? 'partial' : 'ok',
    seconds: Math.round((Date.now() - started) / 1000),
    loadavg: { start: loadStart, end: load() },
    ...(error ? { error: error.split('\n')[0] } : out.partialError ? { error: out.partialError } : {}),
    skipped: out.skipped,
    rows: out.rows,
    targets: out.targets,
    results: { ...out.results, ...(error ? { errorStack: error } : {}) },
  };
  say(`=== ${name} ${report.status} in ${report.seconds} s`);
  return report;
}

async function main(): Promise<void> {
  const config = readBenchConfig(process.argv.slice(2));
  assertBuilt(['command-api', 'query-api', 'projector', 'relay']);
  const startedAt = new Date();
  const loadStart = load();
  say(
    `mode ${config.mode}: sections ${config.sections.join(', ')}; ${cpus().length} CPUs, load average ${loadStart.join(', ')}`,
  );
  const server = await startBenchServer({ databaseUrl: config.databaseUrl, statStatements: config.profile });
  const today = new Date(
    Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth(), startedAt.getUTCDate()),
  );
  const ctx: BenchContext = { config, server, root: ROOT, end: today };
  const sections: SectionReport[] = [];
  try {
    for (const name of config.sections) sections.push(await runSection(name, ctx));
  } finally {
    await server.stop().catch((e: unknown) => say(`stopping PostgreSQL failed: ${String(e)}`));
  }
  const report = {
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: config.mode,
    config: { ...config, databaseUrl: config.databaseUrl ? '(BENCH_DATABASE_URL)' : undefined },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 1e9),
      freeMemoryGbAtEnd: Math.round(freemem() / 1e9),
      loadavg: {
        start: loadStart,
        end: load(),
        note: 'os.loadavg() (1, 5, 15 min); the machine is shared with other work',
      },
      node: process.version,
    },
    postgres: { version: server.version, source: server.source, pgStatStatements: server.statStatements },
    targets: sections.flatMap((s) => s.targets),
    sections,
  };
  const tag = process.argv
    .find((a) => a.startsWith('--tag='))
    ?.slice('--tag='.length)
    .replace(/[^a-z0-9-]/gi, '');
  const suffix = `${config.mode === 'quick' ? '-quick' : ''}${config.profile ? '-profile' : ''}${tag ? `-${tag}` : ''}`;
  const file = await writeJsonReport(ROOT, `${report.date}${suffix}`, report);
  process.stdout.write(`\n${renderTable(sections)}\n\n${renderTargets(sections)}\n\nJSON: ${file}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
