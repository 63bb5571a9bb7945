/**
 * Measures the projections that have a set-based batch on an imported log (the CDNOW master): each
 * is built from the whole log in a schema of its own, once event by event (`apply`) and once in
 * batches (`applyBatch`), through the ProjectionEngine with the rebuild's batch size; reports
 * events/s per route and checks that both routes wrote the same rows. Not a test: a measurement,
 * run by hand on a database of its own that holds the log.
 *
 *   DATABASE_URL=postgres://…/crm_batch_measure \
 *     SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tests/projection-batch.measure.ts
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type LogEvent } from '@crm/event-store';
import { runMigrations, validateEnv } from '@crm/platform';
import {
  channelEconomicsProjection,
  customerSummaryProjection,
  interactionIndexProjection,
  ProjectionEngine,
  salesCubeProjection,
  type Projection,
} from '@crm/read-models';
import { ProjectorConfig } from '../apps/projector/src/config/projector.config';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';

const PROJECTIONS = [
  salesCubeProjection,
  channelEconomicsProjection,
  customerSummaryProjection,
  interactionIndexProjection,
];
const ROUTES = ['apply', 'applyBatch'] as const;

async function main(): Promise<void> {
  const config = validateEnv(ProjectorConfig)(process.env);
  await runMigrations(config.DATABASE_URL, PROJECTOR_MIGRATIONS);
  const batchSize = config.PROJECTOR_REBUILD_BATCH_SIZE;
  const ds = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    logging: false,
  }).initialize();
  const store = new PostgresEventStore({ connectionString: config.DATABASE_URL });
  try {
    const batches: LogEvent[][] = [];
    for (let from: string | null = null; ;) {
      const events = await store.readAll(from, batchSize);
      if (events.length === 0) break;
      batches.push(events);
      from = events[events.length - 1]!.logPosition;
    }
    const total = batches.reduce((n, b) => n + b.length, 0);
    console.log(`log: ${total} events in batches of ${batchSize}`);

    for (const live of PROJECTIONS) {
      const fingerprints: string[] = [];
      for (const route of ROUTES) {
        const schema = `measure_${route.toLowerCase()}`;
        await ds.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await ds.query(`CREATE SCHEMA ${schema}`);
        const tables = [...live.storage!.tables, 'projection_checkpoints'];
        for (const table of tables)
          await ds.query(`CREATE TABLE ${schema}.${table} (LIKE read_models.${table} INCLUDING ALL)`);
        const built = live.inSchema!(schema);
        const projection: Projection = route === 'apply' ? { ...built, applyBatch: undefined } : built;
        const engine = new ProjectionEngine(ds, [projection], (a, b) => store.comparePositions(a, b), {
          checkpointSchema: schema,
          synchronousCommit: false,
        });
        const started = performance.now();
        for (const events of batches) await engine.applyBatch(events);
        const seconds = (performance.now() - started) / 1000;
        const [row]: Array<{ fingerprint: string }> = await ds.query(
          `SELECT string_agg(md5(t.rows), '' ORDER BY t.n) AS fingerprint FROM (${live
            .storage!.tables.map(
              (table, n) =>
                `SELECT ${n} AS n, coalesce(string_agg(r::text, ',' ORDER BY r::text), '') AS rows
                 FROM ${schema}.${table} r`,
            )
            .join(' UNION ALL ')}) t`,
        );
        fingerprints.push(row!.fingerprint);
        console.log(
          `${live.name} ${route}: ${total} events in ${seconds.toFixed(1)} s, ${Math.round(total / seconds)} events/s`,
        );
        await ds.query(`DROP SCHEMA ${schema} CASCADE`);
      }
      console.log(`${live.name}: same rows by both routes: ${fingerprints[0] === fingerprints[1]}`);
    }
  } finally {
    await store.close();
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
