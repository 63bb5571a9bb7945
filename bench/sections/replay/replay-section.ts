import { Client } from 'pg';
import { PROJECTOR_MIGRATIONS } from '../../../apps/projector/src/projector.app';
import { datasetFile } from '../../data/dataset-cache';
import { copyDataset } from '../../data/dataset-file';
import { copyStreamsIntoEmmett, openEmmett } from '../../peer/emmett-peer';
import type { BenchContext } from '../../support/bench-context';
import { createBenchDatabase, dropBenchDatabase } from '../../support/bench-postgres';
import { ratio, round } from '../../support/latency';
import { say } from '../../support/progress';
import { mb, perS, type SectionOutput } from '../../support/report';
import { rebuildSummaryOurs, rebuildSummaryPeer } from './peer-rebuild';
import { runProjectorRebuild } from './projector-rebuild';
import { childCpuProfile, profileReplayInProcess, topServerStatements } from './replay-profile';

const CEILING_DDL = `CREATE TABLE bench.copy_ceiling (
  stream_id text, stream_version integer, event_id uuid, event_type text, schema_version integer,
  data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz)`;

/** Times a COPY of the dataset file into `table`. */
const timedCopy = async (db: Client, table: string, file: string) => {
  const started = Date.now();
  const rows = await copyDataset(db, table, file);
  const seconds = (Date.now() - started) / 1000;
  return { rows, seconds: round(seconds, 1), rowsPerS: Math.round(rows / seconds) };
};

/**
 * Replay: a full rebuild of every read model from the generated history, by the projector itself
 * (child process, peak RSS sampled), against COPY of the same rows into one plain table (the
 * ceiling) and against the peer's projection rebuild (same projection on both sides).
 */
export async function runReplaySection(ctx: BenchContext, out: SectionOutput): Promise<void> {
  const { config } = ctx;
  const data = await datasetFile(
    ctx.root,
    { events: config.events, customers: config.customers, reps: config.reps, end: ctx.end },
    'replay',
  );
  out.results.dataset = {
    events: data.events,
    customers: data.customers.length,
    reps: data.repIds.length,
    bytes: data.bytes,
    generateSeconds: round(data.generateMs / 1000, 1),
  };
  const url = await createBenchDatabase(ctx.server, 'replay', PROJECTOR_MIGRATIONS);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    if (ctx.server.statStatements) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('CREATE SCHEMA bench');
    await db.query(CEILING_DDL);
    say(`COPY ceiling: ${data.events.toLocaleString('en-US')} rows into one plain table`);
    const ceiling = await timedCopy(db, 'bench.copy_ceiling', data.path);
    say(`  ${perS(ceiling.rowsPerS)}`);
    await db.query('DROP TABLE bench.copy_ceiling');
    say('loading the event store (COPY into event_store.events)');
    const load = await timedCopy(db, 'event_store.events', data.path);
    await db.query('VACUUM ANALYZE event_store.events');
    out.results.copy = { ceiling, intoEventStore: load };

    const cpuProfile = await childCpuProfile(config.profile, 'projector');
    if (ctx.server.statStatements) await db.query('SELECT pg_stat_statements_reset()');
    say(`projector rebuild of all read models (${data.events.toLocaleString('en-US')} events)`);
    const rebuild = await runProjectorRebuild(url, data.events, {
      label: 'projector',
      verbose: config.verbose,
      nodeArgs: cpuProfile.nodeArgs,
    });
    out.results.projector = rebuild;
    const vsCeiling = ratio(rebuild.eventsPerS, ceiling.rowsPerS);
    out.rows.push(
      {
        measurement: 'rebuild, all read models (projector process)',
        ours: perS(rebuild.eventsPerS),
        against: `COPY ceiling ${perS(ceiling.rowsPerS)}`,
        ratio: vsCeiling,
        note: `${data.events.toLocaleString('en-US')} events in ${rebuild.seconds} s`,
      },
      {
        measurement: 'projector peak RSS during rebuild',
        ours: mb(rebuild.peakRssMb),
        note: `at start ${mb(rebuild.startRssMb)}`,
      },
      {
        measurement: 'COPY into event_store.events (load)',
        ours: perS(load.rowsPerS),
        against: `COPY ceiling ${perS(ceiling.rowsPerS)}`,
        ratio: ratio(load.rowsPerS, ceiling.rowsPerS),
      },
    );
    out.targets.push(
      {
        target: 'replay ≥ 100,000 events/s',
        actual: perS(rebuild.eventsPerS),
        met: rebuild.eventsPerS >= 100_000,
      },
      {
        target: 'replay ≥ 0.3× COPY ceiling',
        actual: `${vsCeiling}×`,
        met: vsCeiling !== null && vsCeiling >= 0.3,
      },
      {
        target: 'projector RSS < 300 MB during replay',
        actual: mb(rebuild.peakRssMb),
        met: rebuild.peakRssMb === null ? null : rebuild.peakRssMb < 300,
      },
    );
    if (ctx.server.statStatements) out.results.serverStatements = await topServerStatements(url);
    if (config.profile) out.results.cpuProfile = await cpuProfile.summary();

    // Emmett's rebuild of the whole history takes about half an hour on 2 cores.
    if (process.env.BENCH_PEER_REPLAY === '0')
      out.skipped.push('like-for-like rebuild against Emmett: BENCH_PEER_REPLAY=0');
    else
      try {
        say('peer: copying the same events into Emmett’s event store');
        const emmett = await openEmmett(url);
        const loadStarted = Date.now();
        const copied = await copyStreamsIntoEmmett(url, emmett, data.events, 'replay');
        await emmett.close();
        out.results.peerLoad = {
          events: copied,
          seconds: round((Date.now() - loadStarted) / 1000, 1),
          calls: 'one appendToStream per stream',
        };
        await db.query('VACUUM ANALYZE');
        say('like-for-like rebuild of the customer-summary projection: ours, then Emmett');
        const ours = await rebuildSummaryOurs(url, data.events);
        const peer = await rebuildSummaryPeer(url, copied);
        out.results.summaryRebuild = { ours, peer, sameResult: ours.checksum === peer.checksum };
        out.rows.push({
          measurement: 'rebuild, customer-summary only (in-process)',
          ours: perS(ours.eventsPerS),
          against: `Emmett ${perS(peer.eventsPerS)}`,
          ratio: ratio(ours.eventsPerS, peer.eventsPerS),
          note:
            ours.checksum === peer.checksum
              ? 'same rows on both sides'
              : `results differ: ${ours.checksum} vs ${peer.checksum}`,
        });
      } catch (error) {
        out.partialError = `peer rebuild: ${error instanceof Error ? error.message : String(error)}`;
        say(`peer rebuild failed: ${out.partialError}`);
      }

    if (config.profile) {
      say(
        `profile: instrumented in-process replay of the first ${config.profileEvents.toLocaleString('en-US')} events`,
      );
      const profileUrl = await createBenchDatabase(ctx.server, 'replay_profile', PROJECTOR_MIGRATIONS);
      const pdb = new Client({ connectionString: profileUrl });
      await pdb.connect();
      try {
        await copyDataset(pdb, 'event_store.events', data.path, config.profileEvents);
        await pdb.query('VACUUM ANALYZE event_store.events');
      } finally {
        await pdb.end();
      }
      out.results.instrumentedReplay = await profileReplayInProcess(profileUrl, config.profileEvents);
      await dropBenchDatabase(ctx.server, 'bench_replay_profile');
    }
  } finally {
    await db.end();
    if (process.env.BENCH_KEEP_DB !== '1') await dropBenchDatabase(ctx.server, 'bench_replay');
  }
}
