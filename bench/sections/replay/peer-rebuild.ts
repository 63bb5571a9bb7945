import { rebuildPostgreSQLProjections } from '@event-driven-io/emmett-postgresql';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@crm/event-store';
import { checkpointKey, customerSummaryProjection, ProjectionEngine } from '@crm/read-models';
import { PEER_SUMMARY_DDL, peerCustomerSummaryProjection } from '../../peer/emmett-peer';
import { round } from '../../support/latency';
import { progressReporter, say } from '../../support/progress';

export interface SummaryRebuild {
  seconds: number;
  eventsPerS: number;
  /** Checksum of the rebuilt table, to show that both sides did the same work. */
  checksum: string;
}

const checksum = async (db: Client, table: string): Promise<string> => {
  const { rows } = await db.query<{ c: string }>(
    `SELECT count(*) || '/' || sum(order_count) || '/' || sum(visit_count) || '/' || sum(revenue) || '/' || sum(visit_cost) AS c FROM ${table}`,
  );
  return rows[0]!.c;
};

/**
 * Our side of the like-for-like rebuild: the customer-summary projection alone, through the
 * ProjectionEngine exactly as the projector drives it (readAll batches of 1,000, applyBatch), from
 * an emptied table and checkpoint.
 */
export async function rebuildSummaryOurs(url: string, total: number): Promise<SummaryRebuild> {
  const ds = await new DataSource({ type: 'postgres', url, logging: false }).initialize();
  const store = new PostgresEventStore({ connectionString: url });
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await ds.query('TRUNCATE read_models.customer_summary');
    await ds.query('DELETE FROM read_models.projection_checkpoints WHERE projection = $1', [
      checkpointKey(customerSummaryProjection),
    ]);
    const engine = new ProjectionEngine(ds, [customerSummaryProjection], (a, b) =>
      store.comparePositions(a, b),
    );
    const report = progressReporter('customer-summary rebuild (ours)', total);
    let from = await engine.startPosition();
    let done = 0;
    const started = Date.now();
    for (;;) {
      const events = await store.readAll(from, 1_000);
      if (events.length === 0) break;
      from = (await engine.applyBatch(events)).lastPosition;
      done += events.length;
      report(done);
    }
    const seconds = (Date.now() - started) / 1000;
    return {
      seconds: round(seconds, 1),
      eventsPerS: Math.round(done / seconds),
      checksum: await checksum(db, 'read_models.customer_summary'),
    };
  } finally {
    await store.close();
    await ds.destroy();
    await db.end();
  }
}

/**
 * The peer's side: the same projection as an Emmett raw-SQL projection, rebuilt with
 * `rebuildPostgreSQLProjections` over the peer's copy of the same events, at the same batch size.
 */
export async function rebuildSummaryPeer(url: string, total: number): Promise<SummaryRebuild> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (const sql of PEER_SUMMARY_DDL) await db.query(sql);
    const consumer = rebuildPostgreSQLProjections({
      connectionString: url,
      projection: peerCustomerSummaryProjection,
      pulling: { batchSize: 1_000 },
    });
    const report = progressReporter('customer-summary rebuild (Emmett)', total);
    const started = Date.now();
    const timer = setInterval(() => {
      db.query<{ position: string }>(`SELECT max(last_processed_checkpoint) AS position FROM emt_processors`)
        .then(({ rows }) => report(Number(/\d+/.exec(rows[0]?.position ?? '')?.[0] ?? 0)))
        .catch(() => undefined);
    }, 5_000);
    try {
      await consumer.start();
    } finally {
      clearInterval(timer);
      await consumer.close();
    }
    const seconds = (Date.now() - started) / 1000;
    say(
      `  customer-summary rebuild (Emmett): ${total.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s`,
    );
    return {
      seconds: round(seconds, 1),
      eventsPerS: Math.round(total / seconds),
      checksum: await checksum(db, 'bench_peer.customer_summary'),
    };
  } finally {
    await db.end();
  }
}
