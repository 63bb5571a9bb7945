import { Client } from 'pg';
import { PROJECTOR_MIGRATIONS } from '../../../apps/projector/src/projector.app';
import {
  kafkaAvailability,
  startKafkaBroker,
  type KafkaBroker,
} from '../../../libs/testing/src/kafka/kafka-broker';
import { datasetFile } from '../../data/dataset-cache';
import type { GeneratedCustomer } from '../../data/crm-dataset';
import { copyDataset } from '../../data/dataset-file';
import type { BenchContext } from '../../support/bench-context';
import { createBenchDatabase, dropBenchDatabase } from '../../support/bench-postgres';
import { startApp, waitForHttp, type AppProcess } from '../../support/children';
import { freePort } from '../../support/free-port';
import { say } from '../../support/progress';
import { ms, type SectionOutput } from '../../support/report';
import { AppendWorkload } from '../append/append-workload';
import { measureFreshness, type FreshnessResult } from './freshness-probe';
import { benchAuthHeaders } from '../../support/bench-auth';

const TARGET_MS = { direct: 100, kafka: 250 } as const;

/**
 * Waits until the read model shows every visit and order in the event store (with Kafka the
 * partitions catch up independently, so one visible event is not enough), after one probe command
 * sent through the command API.
 */
async function catchUp(
  url: string,
  apiBase: string,
  customer: GeneratedCustomer,
  timeoutMs: number,
): Promise<void> {
  const response = await fetch(`${apiBase}/customers/${customer.customerId}/visits`, {
    method: 'POST',
    headers: { ...(await benchAuthHeaders()), 'content-type': 'application/json' },
    body: JSON.stringify({
      repId: customer.ownerRepId,
      channel: 'email',
      activityType: 'catch-up probe',
      cost: '0.00',
      visitedAt: new Date().toISOString(),
    }),
  });
  const answer = (await response.json()) as { globalPosition?: string };
  if (response.status !== 201 || !answer.globalPosition)
    throw new Error(`catch-up probe answered ${response.status}: ${JSON.stringify(answer)}`);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let lastSay = Date.now();
    for (;;) {
      const { rows } = await db.query<{ expected: string; seen: string }>(
        `SELECT (SELECT count(*) FROM event_store.events
                 WHERE event_type IN ('VisitLogged', 'OrderRecorded') AND stream_id LIKE 'customer-%')::text AS expected,
                (SELECT coalesce(sum(visit_count + order_count), 0) FROM read_models.customer_summary)::text AS seen`,
      );
      const { expected, seen } = rows[0]!;
      if (BigInt(seen) >= BigInt(expected)) return;
      if (Date.now() > deadline)
        throw new Error(`the read model did not catch up within ${timeoutMs} ms (${seen} of ${expected})`);
      if (Date.now() - lastSay > 5_000) {
        say(`  catching up: ${seen} of ${expected} visits and orders projected`);
        lastSay = Date.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.end();
  }
}

async function runMode(
  ctx: BenchContext,
  mode: 'direct' | 'kafka',
  broker: KafkaBroker | null,
): Promise<FreshnessResult> {
  const { config } = ctx;
  const customers = Math.min(config.appendCustomers, 500);
  const data = await datasetFile(
    ctx.root,
    {
      events: customers * 10,
      customers,
      reps: Math.min(config.reps, 20),
      end: ctx.end,
      seed: 21,
      customerPrefix: 'fc',
    },
    'freshness-history',
  );
  const url = await createBenchDatabase(ctx.server, `fresh_${mode}`, PROJECTOR_MIGRATIONS);
  const apps: AppProcess[] = [];
  try {
    const db = new Client({ connectionString: url });
    await db.connect();
    await copyDataset(db, 'event_store.events', data.path);
    await db.query('VACUUM ANALYZE event_store.events');
    await db.end();
    const kafkaEnv: Record<string, string> = broker
      ? { KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC: `bench-freshness-${Date.now()}` }
      : {};
    if (broker) apps.push(startApp('relay', { DATABASE_URL: url, ...kafkaEnv }, { verbose: config.verbose }));
    apps.push(
      startApp(
        'projector',
        { DATABASE_URL: url, ...kafkaEnv },
        { verbose: config.verbose, label: `projector (${mode})` },
      ),
    );
    const port = await freePort();
    const api = startApp(
      'command-api',
      { DATABASE_URL: url, COMMAND_API_PORT: String(port), HOST: '127.0.0.1' },
      { verbose: config.verbose },
    );
    apps.push(api);
    const apiBase = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${apiBase}/docs-json`);
    say(
      `freshness (${mode}): waiting for the read model to catch up with ${data.events.toLocaleString('en-US')} history events`,
    );
    await catchUp(url, apiBase, data.customers[0]!, 600_000);
    say(`freshness (${mode}): ${config.freshnessRate} commands/s for ${config.durationS} s`);
    const result = await measureFreshness({
      url,
      apiBase,
      customers: data.customers,
      workload: new AppendWorkload(data.customers, `fresh${mode}${Date.now().toString(36)}`),
      rate: config.freshnessRate,
      durationS: config.durationS,
    });
    say(
      `  lag p50 ${ms(result.lagMs.p50)}, p99 ${ms(result.lagMs.p99)} (${result.accepted} commands, ${result.notVisible} not visible)`,
    );
    return result;
  } finally {
    for (const app of apps.reverse()) await app.stop();
    if (process.env.BENCH_KEEP_DB !== '1') await dropBenchDatabase(ctx.server, `bench_fresh_${mode}`);
  }
}

/**
 * Freshness: how long a command takes to show in the read model under a steady load, with the
 * projector following the event store directly and, when a broker can run here, through Kafka.
 */
export async function runFreshnessSection(ctx: BenchContext, out: SectionOutput): Promise<void> {
  const record = (mode: 'direct' | 'kafka', r: FreshnessResult) => {
    out.results[mode] = r;
    out.rows.push({
      measurement: `command → visible lag, ${mode} (${r.rate} cmd/s)`,
      ours: `p50 ${ms(r.lagMs.p50)}, p99 ${ms(r.lagMs.p99)}`,
      note: `ack → visible p99 ${ms(r.ackToVisibleMs.p99)}; command p99 ${ms(r.commandLatencyMs.p99)}; ${r.accepted} commands${r.notVisible ? `, ${r.notVisible} not visible in 30 s` : ''}`,
    });
    const p99 = r.lagMs.p99;
    out.targets.push({
      target: `lag p99 < ${TARGET_MS[mode]} ms (${mode})`,
      actual: ms(p99),
      met: p99 === null || r.notVisible > 0 ? false : p99 < TARGET_MS[mode],
    });
  };
  record('direct', await runMode(ctx, 'direct', null));

  if (!ctx.config.kafka) {
    out.skipped.push('Kafka freshness: BENCH_KAFKA=0');
    return;
  }
  const availability = kafkaAvailability();
  if (!availability.available) {
    out.skipped.push(`Kafka freshness: ${availability.reason}`);
    say(`skipping Kafka freshness: ${availability.reason}`);
    return;
  }
  let broker: KafkaBroker | null = null;
  try {
    say('starting a Kafka broker (Apache Kafka jars via Maven)');
    broker = await startKafkaBroker({ partitions: 6 });
    record('kafka', await runMode(ctx, 'kafka', broker));
  } catch (error) {
    out.partialError = `Kafka freshness: ${error instanceof Error ? error.message : String(error)}`;
    say(out.partialError);
  } finally {
    await broker?.dispose();
  }
}
