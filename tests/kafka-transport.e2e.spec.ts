import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import {
  createTestDatabase,
  kafkaAvailability,
  authHeaders,
  readModelSnapshot,
  resetReadModels,
  startKafkaBroker,
  waitFor,
  waitForKafkaCatchUp,
  type KafkaBroker,
  type TestDatabase,
} from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS, startProjector } from '../apps/projector/src/projector.app';
import { startRelay, type RunningRelay } from '../apps/relay/src/relay.app';

/**
 * The Kafka transport against a real broker (Apache Kafka's jars): relay → topic keyed by stream →
 * projector consumer group with offsets stored with the read models.
 */
const availability = kafkaAvailability();
const describeKafka = availability.available ? describe : describe.skip;
if (!availability.available) console.warn(`Kafka transport tests skipped: ${availability.reason}`);

const root = path.resolve(__dirname, '..');
const quiet = { log: () => undefined, error: () => undefined };

describeKafka('Kafka transport, end to end', () => {
  let broker: KafkaBroker;
  let db: TestDatabase;
  let commandApi: NestFastifyApplication;
  let relay: RunningRelay | null = null;
  const topic = 'crm.events.e2e';
  let accepted = 0;

  const kafkaEnv = (groupId: string) => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: broker.brokers,
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: 3,
    KAFKA_GROUP_ID: groupId,
  });

  const post = async (url: string, payload: object) => {
    const response = await commandApi.inject({ method: 'POST', url, payload, headers: await authHeaders() });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    accepted++;
  };

  /** Reps, customers, visits and orders: a few hundred events over many streams. */
  const workload = async (prefix: string, customers: number, ordersEach: number) => {
    await post('/reps', { repId: `${prefix}-rep`, name: 'Rep', region: 'east' });
    await post(`/reps/${prefix}-rep/quotas`, {
      period: '2026-11',
      targetAmount: '1000.00',
      targetVolume: 100,
    });
    for (let c = 0; c < customers; c++) {
      const customerId = `${prefix}-c${c}`;
      await post('/customers', {
        customerId,
        name: `Customer ${c}`,
        type: 'retail',
        region: c % 2 ? 'east' : 'west',
      });
      await post(`/customers/${customerId}/visits`, {
        repId: `${prefix}-rep`,
        channel: 'phone',
        activityType: 'call',
        cost: '2.50',
        visitedAt: '2026-11-02T09:00:00Z',
      });
      for (let o = 0; o < ordersEach; o++) {
        await post(`/customers/${customerId}/orders`, {
          orderId: `o${o}`,
          repId: `${prefix}-rep`,
          channel: 'direct',
          orderedAt: `2026-11-${String(3 + o).padStart(2, '0')}T10:00:00Z`,
          lines: [
            {
              sku: 's',
              category: 'music',
              brand: 'b',
              quantity: 1 + (o % 3),
              unitPrice: '9.99',
              listPrice: '12.00',
            },
          ],
        });
      }
    }
  };

  /** The read models rebuilt from scratch by the direct (no Kafka) projector. */
  const directRebuild = async (): Promise<Record<string, string[]>> => {
    await resetReadModels(db.url);
    const projector = await startProjector({ DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50 }, quiet);
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const total = Number((await client.query('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
      await waitFor(
        async () =>
          Number(
            (
              await client.query(
                `SELECT coalesce(min(events_applied), 0) AS n FROM read_models.projection_checkpoints`,
              )
            ).rows[0].n,
          ),
        (n) => n >= total,
        { what: 'the direct rebuild', timeoutMs: 60_000 },
      );
      await client.end();
    } finally {
      await projector.stop();
    }
    return readModelSnapshot(db.url);
  };

  beforeAll(async () => {
    broker = await startKafkaBroker({ partitions: 3 });
    db = await createTestDatabase('kafka_e2e', PROJECTOR_MIGRATIONS);
    commandApi = await createCommandApi({ DATABASE_URL: db.url }, { logger: false });
    await commandApi.init();
    await commandApi.getHttpAdapter().getInstance().ready();
    await workload('w1', 24, 4);
    relay = await startRelay(
      { ...kafkaEnv('relay'), RELAY_POLL_INTERVAL_MS: 50, RELAY_RETRY_DELAY_MS: 200 },
      quiet,
    );
  }, 300_000);

  afterAll(async () => {
    await relay?.stop();
    await commandApi?.close();
    await db?.drop();
    await broker?.dispose();
  });

  it('builds the same read models with two instances in a group, one instance, and directly', async () => {
    const first = await startProjector(kafkaEnv('two-instances'), quiet);
    const second = await startProjector(kafkaEnv('two-instances'), quiet);
    // Once both hold partitions, new events spread over both instances.
    await waitFor(
      async () => [first.assignedPartitions ?? [], second.assignedPartitions ?? []],
      ([a, b]) => a.length > 0 && b.length > 0 && a.length + b.length === 3,
      { what: 'both instances to hold partitions', timeoutMs: 60_000 },
    );
    expect([...first.assignedPartitions!, ...second.assignedPartitions!].sort()).toEqual([0, 1, 2]);
    const appliedBefore = [first.applied, second.applied];
    await workload('w1b', 12, 2);
    await waitForKafkaCatchUp({
      databaseUrl: db.url,
      brokers: broker.brokers,
      topic,
      groupId: 'two-instances',
    });
    const twoInstances = await readModelSnapshot(db.url);
    await Promise.all([first.stop(), second.stop()]);
    expect(first.applied).toBeGreaterThan(appliedBefore[0]!);
    expect(second.applied).toBeGreaterThan(appliedBefore[1]!); // the new events were spread over both

    await resetReadModels(db.url);
    const single = await startProjector(kafkaEnv('one-instance'), quiet);
    await waitForKafkaCatchUp({
      databaseUrl: db.url,
      brokers: broker.brokers,
      topic,
      groupId: 'one-instance',
    });
    const oneInstance = await readModelSnapshot(db.url);
    await single.stop();

    const direct = await directRebuild();
    expect(direct.customer_summary).toHaveLength(24 + 12);
    expect(twoInstances).toEqual(direct);
    expect(oneInstance).toEqual(direct);
  }, 240_000);

  it('after a SIGKILL mid-stream and a restart, the read models equal a clean rebuild', async () => {
    await resetReadModels(db.url);
    const more = workload('w2', 20, 6); // keeps commands flowing while the projector runs
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(kafkaEnv('killed')).map(([k, v]) => [k, String(v)])),
      SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'),
      PROJECTOR_HTTP_PORT: '0', // no health server: nothing may collide on a fixed port
    };
    const spawnProjector = (): ChildProcess =>
      spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, 'apps/projector/src/main.ts')], {
        cwd: root,
        env,
        stdio: 'ignore',
      });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const appliedOffsets = async () =>
      Number(
        (
          await client.query(
            `SELECT coalesce(sum(next_offset), 0) AS n FROM transport.consumer_offsets WHERE group_id = 'killed'`,
          )
        ).rows[0].n,
      );
    const victim = spawnProjector();
    await waitFor(appliedOffsets, (n) => n > 0, {
      what: 'the projector to apply its first batch',
      timeoutMs: 60_000,
      intervalMs: 5,
    });
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    const killedAt = await appliedOffsets();
    await more;
    const restarted = spawnProjector();
    try {
      const { messages } = await waitForKafkaCatchUp({
        databaseUrl: db.url,
        brokers: broker.brokers,
        topic,
        groupId: 'killed',
        timeoutMs: 120_000,
      });
      expect(killedAt).toBeLessThan(messages); // it really died mid-stream
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((r) => restarted.once('exit', r));
      await client.end();
    }
    const afterCrash = await readModelSnapshot(db.url);
    expect(afterCrash).toEqual(await directRebuild());
  }, 300_000);

  it('delivers every event exactly once when the broker restarts while commands flow', async () => {
    await resetReadModels(db.url);
    const projector = await startProjector(kafkaEnv('broker-restart'), quiet);
    try {
      const before = accepted;
      const flowing = workload('w3', 16, 4);
      await waitFor(
        async () => accepted - before,
        (n) => n > 20,
        { what: 'commands to flow' },
      );
      await broker.stop();
      await new Promise((r) => setTimeout(r, 2000));
      await broker.start();
      await flowing;
      await waitForKafkaCatchUp({
        databaseUrl: db.url,
        brokers: broker.brokers,
        topic,
        groupId: 'broker-restart',
        timeoutMs: 120_000,
      });
    } finally {
      await projector.stop();
    }
    const viaKafka = await readModelSnapshot(db.url);
    const direct = await directRebuild();
    expect(direct.customer_summary).toHaveLength(24 + 12 + 20 + 16);
    expect(viaKafka).toEqual(direct);
  }, 300_000);
});
