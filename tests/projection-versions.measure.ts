/**
 * Measures side-by-side rebuilds on an imported log (the CDNOW master): builds every projection at
 * its version, then starts them all at version + 1 (same logic) and reports, per projection, the
 * events rebuilt and events/s until its switch. Not a test: a measurement, run by hand on a
 * database of its own.
 *
 *   DATABASE_URL=postgres://…/crm_versions_measure \
 *     SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tests/projection-versions.measure.ts
 */
import 'reflect-metadata';
import { validateEnv, runMigrations } from '@crm/platform';
import { ALL_PROJECTIONS, checkpointKey, type Projection } from '@crm/read-models';
import { ProjectorConfig } from '../apps/projector/src/config/projector.config';
import { Projector } from '../apps/projector/src/projector';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';

const bumped = (p: Projection, schema = 'read_models'): Projection => ({
  ...p.inSchema!(schema),
  version: p.version + 1,
  inSchema: (other) => bumped(p, other),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = { log: (m: string) => console.log(m), error: (m: string) => console.error(m) };

async function main(): Promise<void> {
  const config = validateEnv(ProjectorConfig)(process.env);
  await runMigrations(config.DATABASE_URL, PROJECTOR_MIGRATIONS);

  // Version N everywhere, built live (the baseline).
  let started = performance.now();
  const live = new Projector(config, log, ALL_PROJECTIONS);
  await live.start();
  const total = async () => {
    const rows: Array<{ n: string }> = await live.dataSource.query(
      `SELECT count(*) AS n FROM event_store.events`,
    );
    return Number(rows[0]!.n);
  };
  const events = await total();
  for (;;) {
    const lag = await live.engine.checkpoints();
    const rows: Array<{ n: string }> = await live.dataSource.query(
      `SELECT min(events_applied) AS n FROM read_models.projection_checkpoints WHERE projection = ANY($1)`,
      [ALL_PROJECTIONS.map(checkpointKey)],
    );
    if (lag.size === ALL_PROJECTIONS.length && Number(rows[0]?.n ?? 0) >= events) break;
    await sleep(500);
  }
  const liveSeconds = (performance.now() - started) / 1000;
  await live.stop();
  console.log(
    `log: ${events} events; live build of ${ALL_PROJECTIONS.length} projections: ${liveSeconds.toFixed(1)} s`,
  );

  // Version N + 1 everywhere: rebuilt side by side, one after the other.
  started = performance.now();
  const rebuild = new Projector(
    config,
    log,
    ALL_PROJECTIONS.map((p) => bumped(p)),
  );
  await rebuild.start();
  const switchedAt = new Map<string, number>();
  while (switchedAt.size < ALL_PROJECTIONS.length) {
    for (const [key, progress] of rebuild.rebuilds)
      if (progress.state === 'switched' && !switchedAt.has(key)) switchedAt.set(key, performance.now());
    await sleep(100);
  }
  await rebuild.stop();
  let previous = started;
  for (const [key, at] of [...switchedAt].sort((a, b) => a[1] - b[1])) {
    const seconds = (at - previous) / 1000;
    console.log(
      `${key}: ${events} events in ${seconds.toFixed(1)} s, ${Math.round(events / seconds)} events/s`,
    );
    previous = at;
  }
  const seconds = (previous - started) / 1000;
  console.log(
    `all ${ALL_PROJECTIONS.length} rebuilds: ${seconds.toFixed(1)} s, ` +
      `${Math.round((events * ALL_PROJECTIONS.length) / seconds)} projection-events/s`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
