import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  kafkaAvailability,
  startKafkaBroker,
  type KafkaBroker,
  type TestDatabase,
} from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS, startProjector } from '../apps/projector/src/projector.app';
import { measureKafkaConsumerLag } from '../apps/projector/src/ops/kafka-consumer-lag';
import { total } from './ops-support/prometheus-text';

/**
 * Operations in Kafka mode against a real broker: readiness checks Kafka, and the projector
 * reports consumer lag per partition (high watermark minus the offset stored with the read models).
 */
const availability = kafkaAvailability();
const describeKafka = availability.available ? describe : describe.skip;
if (!availability.available) console.warn(`Kafka operations tests skipped: ${availability.reason}`);

describeKafka('operations in Kafka mode', () => {
  let broker: KafkaBroker;
  let db: TestDatabase;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    db = await createTestDatabase('ops_kafka', PROJECTOR_MIGRATIONS);
    kafka = new Kafka({ clientId: 'ops-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
    await broker?.dispose();
  });

  it('measures consumer lag as high watermark minus the stored offset, per partition', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    try {
      await admin.createTopics({ topics: [{ topic: 'ops-lag', numPartitions: 2 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: 'ops-lag',
        messages: [
          ...[1, 2, 3, 4, 5].map((n) => ({ partition: 0, value: `p0-${n}` })),
          ...[1, 2, 3].map((n) => ({ partition: 1, value: `p1-${n}` })),
        ],
      });
      await producer.disconnect();
      // Partition 0: two messages applied; partition 1: nothing stored yet.
      await dataSource.query(
        `INSERT INTO transport.consumer_offsets (group_id, topic, partition, next_offset) VALUES ('ops', 'ops-lag', 0, 2)`,
      );
      const lag = await measureKafkaConsumerLag(admin, dataSource, 'ops-lag', 'ops');
      expect([...lag].sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, lag: 3 },
        { partition: 1, lag: 3 },
      ]);
    } finally {
      await admin.disconnect();
      await dataSource.destroy();
    }
  }, 60_000);

  it('a Kafka-mode projector is ready with Kafka up and reports lag for each partition', async () => {
    const env = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: broker.brokers,
      KAFKA_TOPIC: 'ops-events',
      KAFKA_PARTITIONS: 2,
      KAFKA_GROUP_ID: 'ops-projector',
    };
    const projector = await startProjector(env, { log: () => undefined, error: () => undefined });
    try {
      const readiness = await projector.monitor.readiness();
      expect(readiness).toMatchObject({
        ready: true,
        body: { info: { database: { status: 'up' }, kafka: { status: 'up', brokers: 1 } } },
      });
      const metrics = await projector.monitor.metrics.exposition();
      expect(total(metrics, 'crm_kafka_consumer_lag', { partition: '0' })).toBe(0);
      expect(total(metrics, 'crm_kafka_consumer_lag', { partition: '1' })).toBe(0);
    } finally {
      await projector.stop();
    }
  }, 120_000);

  it('the command API is ready with Kafka up when KAFKA_BROKERS is set', async () => {
    const app: NestFastifyApplication = await createCommandApi(
      { DATABASE_URL: db.url, KAFKA_BROKERS: broker.brokers },
      { logger: false },
    );
    await app.init();
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({
        info: { eventStore: { status: 'up' }, kafka: { status: 'up', brokers: 1 } },
      });
    } finally {
      await app.close();
    }
  }, 60_000);
});
