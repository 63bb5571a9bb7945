import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  authHeaders,
  createTestDatabase,
  TEST_AUTH_CONFIG,
  kafkaAvailability,
  startKafkaBroker,
  type KafkaBroker,
  type TestDatabase,
} from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import { startRelay, type RunningRelay } from '../apps/relay/src/relay.app';

/**
 * Read-your-writes in Kafka mode against a real broker: the command's consistency token is matched
 * to the relay's mark for the batch that carried it and to the consumer group's offsets.
 */
const availability = kafkaAvailability();
const describeKafka = availability.available ? describe : describe.skip;
if (!availability.available) console.warn(`Kafka read-your-writes tests skipped: ${availability.reason}`);

const quiet = { log: () => undefined, error: () => undefined };

describeKafka('read-your-writes through Kafka', () => {
  let broker: KafkaBroker;
  let db: TestDatabase;
  let commandApi: NestFastifyApplication;
  let queryApi: NestFastifyApplication;
  let relay: RunningRelay | null = null;
  let projector: RunningProjector | null = null;

  const kafkaEnv = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: broker.brokers,
    KAFKA_TOPIC: 'crm.events.ryw',
    KAFKA_PARTITIONS: 3,
    KAFKA_GROUP_ID: 'ryw-projector',
  });

  const register = async (customerId: string): Promise<string> => {
    const response = await commandApi.inject({
      method: 'POST',
      url: '/customers',
      headers: await authHeaders('admin'),
      payload: { customerId, name: `Customer ${customerId}`, type: 'retail', region: 'east' },
    });
    expect(response.statusCode).toBe(201);
    return response.json().consistencyToken as string;
  };

  const read = async (customerId: string, token: string) =>
    queryApi.inject({
      method: 'GET',
      url: `/customers/${customerId}`,
      headers: { ...(await authHeaders('admin')), 'x-consistency-token': token },
    });

  beforeAll(async () => {
    broker = await startKafkaBroker({ partitions: 3 });
    db = await createTestDatabase('kafka_ryw', PROJECTOR_MIGRATIONS);
    commandApi = await createCommandApi({ DATABASE_URL: db.url, ...TEST_AUTH_CONFIG }, { logger: false });
    await commandApi.init();
    queryApi = await createQueryApi(
      { ...kafkaEnv(), ...TEST_AUTH_CONFIG, QUERY_CONSISTENCY_TIMEOUT_MS: 15_000 },
      { logger: false },
    );
    await queryApi.init();
    relay = await startRelay({ ...kafkaEnv(), RELAY_POLL_INTERVAL_MS: 20, RELAY_RETRY_DELAY_MS: 200 }, quiet);
    projector = await startProjector(kafkaEnv(), quiet);
  }, 300_000);

  afterAll(async () => {
    await projector?.stop();
    await relay?.stop();
    await queryApi?.close();
    await commandApi?.close();
    await db?.drop();
    await broker?.dispose();
  });

  it('a read carrying the token of a write sees it, across streams on several partitions', async () => {
    for (let n = 0; n < 12; n++) {
      const customerId = `ryw-${n}`;
      const token = await register(customerId);
      const response = await read(customerId, token);
      expect({ status: response.statusCode, consistency: response.headers['x-consistency'] }).toEqual({
        status: 200,
        consistency: 'fresh',
      });
      expect(response.json().customerId).toBe(customerId);
    }
  }, 120_000);

  it('says stale while the projector is stopped, and fresh once it has consumed the write', async () => {
    await projector!.stop();
    projector = null;
    const token = await register('ryw-while-stopped');
    const shortWait = await createQueryApi(
      { ...kafkaEnv(), ...TEST_AUTH_CONFIG, QUERY_CONSISTENCY_TIMEOUT_MS: 300 },
      { logger: false },
    );
    await shortWait.init();
    try {
      const stale = await shortWait.inject({
        method: 'GET',
        url: '/customers/ryw-while-stopped',
        headers: { ...(await authHeaders('admin')), 'x-consistency-token': token },
      });
      expect(stale.headers['x-consistency']).toBe('stale');
      expect(stale.statusCode).toBe(404);
    } finally {
      await shortWait.close();
    }
    projector = await startProjector(kafkaEnv(), quiet);
    const fresh = await read('ryw-while-stopped', token);
    expect({ status: fresh.statusCode, consistency: fresh.headers['x-consistency'] }).toEqual({
      status: 200,
      consistency: 'fresh',
    });
  }, 120_000);
});
