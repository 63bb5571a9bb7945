import { Client } from 'pg';
import { ALL_PROJECTIONS, checkpointKey } from '@crm/read-models';
import { startApp } from '../../support/children';
import { round } from '../../support/latency';
import { progressReporter } from '../../support/progress';

export interface RebuildResult {
  events: number;
  seconds: number;
  eventsPerS: number;
  /** Peak resident set of the projector process (VmHWM), MB. */
  peakRssMb: number | null;
  /** Resident set when it began to apply events (libraries loaded, migrations done), MB. */
  startRssMb: number | null;
  batchSize: string;
}

/**
 * Runs the built projector (apps/projector/dist/main.js) as a child process on a database whose
 * event store holds `total` events and whose read models are empty, and times it until every
 * projection's checkpoint has passed all of them. Samples the child's VmHWM from /proc meanwhile.
 */
export async function runProjectorRebuild(
  url: string,
  total: number,
  options: { label: string; verbose: boolean; nodeArgs?: string[] },
): Promise<RebuildResult> {
  const keys = ALL_PROJECTIONS.map(checkpointKey);
  const db = new Client({ connectionString: url });
  await db.connect();
  // BENCH_PROJECTOR_BATCH_SIZE: the projector's batch size for this rebuild (its default otherwise).
  const batchSize = process.env['BENCH_PROJECTOR_BATCH_SIZE'];
  const projector = startApp(
    'projector',
    { DATABASE_URL: url, ...(batchSize ? { PROJECTOR_BATCH_SIZE: batchSize } : {}) },
    { verbose: options.verbose, nodeArgs: options.nodeArgs, label: options.label },
  );
  let peak = 0;
  let startRss: number | null = null;
  const sample = async () => {
    const m = await projector.memory();
    if (m && Number.isFinite(m.hwmMb)) peak = Math.max(peak, m.hwmMb);
    return m;
  };
  try {
    await projector.waitForLine(/projector following the event store/, 120_000);
    const started = Date.now();
    startRss = (await sample())?.rssMb ?? null;
    const report = progressReporter(`replay (${options.label})`, total);
    let lastSample = 0;
    for (;;) {
      if (projector.child.exitCode !== null) throw new Error(`projector exited:\n${projector.tail()}`);
      const { rows } = await db.query<{ projection: string; events_applied: string }>(
        `SELECT projection, events_applied::text FROM read_models.projection_checkpoints WHERE projection = ANY($1)`,
        [keys],
      );
      const applied = keys.map((k) => Number(rows.find((r) => r.projection === k)?.events_applied ?? 0));
      const slowest = Math.min(...applied);
      if (Date.now() - lastSample >= 200) {
        await sample();
        lastSample = Date.now();
      }
      if (slowest >= total) {
        const seconds = (Date.now() - started) / 1000;
        await sample();
        report(slowest, true);
        return {
          events: total,
          seconds: round(seconds, 1),
          eventsPerS: Math.round(total / seconds),
          peakRssMb: peak || null,
          startRssMb: startRss,
          batchSize:
            `PROJECTOR_BATCH_SIZE ${batchSize ?? 'default (1000)'}, ` +
            `PROJECTOR_PARALLELISM ${process.env['PROJECTOR_PARALLELISM'] ?? 'default (2)'}`,
        };
      }
      report(slowest);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await projector.stop();
    await db.end();
  }
}
