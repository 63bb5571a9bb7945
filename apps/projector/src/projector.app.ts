import { DataSource } from 'typeorm';
import { createEventStore, EventStoreSchema1763900000000 } from '@crm/event-store';
import { createKafka, ensureTopic, KAFKA_TRANSPORT_MIGRATIONS, KafkaProjector } from '@crm/kafka-transport';
import { ensureDatabase, kafkaPing, runMigrations, validateEnv } from '@crm/platform';
import { ALL_PROJECTIONS, ProjectionEngine, READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { engineOptions, ProjectorConfig } from './config/projector.config';
import { measureKafkaConsumerLag } from './ops/kafka-consumer-lag';
import { measureProjectionLag } from './ops/projection-lag';
import { ProjectorMonitor } from './ops/projector-monitor';
import { Projector, type ProjectorLogger } from './projector';

export const PROJECTOR_MIGRATIONS = [
  EventStoreSchema1763900000000,
  ...READ_MODEL_MIGRATIONS,
  ...KAFKA_TRANSPORT_MIGRATIONS,
];

export interface RunningProjector {
  readonly mode: 'direct' | 'kafka';
  /** Kafka mode: the partitions this instance holds. */
  readonly assignedPartitions?: number[];
  /** Events applied by this instance since it started. */
  readonly applied: number;
  /** Readiness and metrics (served over HTTP by `serveProjectorHttp`). */
  readonly monitor: ProjectorMonitor;
  stop(): Promise<void>;
}

/** Consumes the Kafka topic in a consumer group; offsets live with the read models. */
async function startKafkaProjector(
  config: ProjectorConfig,
  logger: ProjectorLogger,
): Promise<RunningProjector> {
  const options = {
    brokers: config.KAFKA_BROKERS!,
    topic: config.KAFKA_TOPIC,
    partitions: config.KAFKA_PARTITIONS,
    clientId: 'crm-projector',
    groupId: config.KAFKA_GROUP_ID,
  };
  const kafka = createKafka(options);
  await ensureTopic(kafka, options);
  const dataSource = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    logging: false,
  }).initialize();
  const store = createEventStore({
    databaseUrl: config.DATABASE_URL,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
  });
  const compare = (a: string, b: string) => store.comparePositions(a, b);
  // Kafka mode keeps partition offsets, not log checkpoints: a new projection version is not
  // rebuilt side by side here (README, Projection versions).
  // Parallel shares do not apply here: a partition's batch is one transaction with its offsets.
  const engine = new ProjectionEngine(dataSource, ALL_PROJECTIONS, compare, engineOptions(config));
  const consumer = new KafkaProjector(kafka, dataSource, engine, compare, options, logger);
  await consumer.start();
  const admin = kafka.admin();
  let adminConnected: Promise<void> | null = null;
  let stopped = false;
  const monitor = new ProjectorMonitor(
    {
      dataSource,
      // The consumer's own state is not observable from here (KafkaProjector keeps it private):
      // readiness relies on the database and broker checks; this reports the assignment.
      follower: () => ({ up: !stopped, details: { assignedPartitions: consumer.assignedPartitions } }),
      halted: () => [],
      applied: () => consumer.applied,
      consumerLag: async () => {
        adminConnected ??= admin.connect().catch((error: unknown) => {
          adminConnected = null;
          throw error;
        });
        await adminConnected;
        return measureKafkaConsumerLag(admin, dataSource, options.topic, options.groupId);
      },
      checks: [kafkaPing('kafka', options.brokers, config.HEALTH_CHECK_TIMEOUT_MS)],
    },
    config.HEALTH_CHECK_TIMEOUT_MS,
  );
  return {
    mode: 'kafka',
    monitor,
    get applied() {
      return consumer.applied;
    },
    get assignedPartitions() {
      return consumer.assignedPartitions;
    },
    stop: async () => {
      stopped = true;
      await consumer.stop();
      if (adminConnected) await admin.disconnect().catch(() => undefined);
      await store.close();
      await dataSource.destroy();
    },
  };
}

/** Prepares the database and starts a projector: following the event store, or Kafka when configured. */
export async function startProjector(
  overrides: Record<string, unknown> = {},
  logger: ProjectorLogger = console,
): Promise<RunningProjector> {
  const config = validateEnv(ProjectorConfig)({ ...process.env, ...overrides });
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, PROJECTOR_MIGRATIONS);
  if (config.KAFKA_BROKERS) return startKafkaProjector(config, logger);
  const projector = new Projector(config, logger);
  await projector.start();
  const monitor = new ProjectorMonitor(
    {
      dataSource: projector.dataSource,
      follower: () => ({
        up: projector.following,
        details: { state: projector.state, failures: projector.failures, lastError: projector.lastError },
      }),
      halted: () => [...projector.engine.halted.values()],
      applied: () => projector.applied,
      rebuilds: () => [...projector.rebuilds.values()],
      projectionLag: () =>
        measureProjectionLag(
          projector.engine,
          projector.store,
          projector.dataSource,
          !config.EVENTSTORE_CONNECTION_STRING,
        ),
    },
    config.HEALTH_CHECK_TIMEOUT_MS,
  );
  return {
    mode: 'direct',
    monitor,
    get applied() {
      return projector.applied;
    },
    stop: () => projector.stop(),
  };
}

/** The settings main needs besides the projector itself. */
export const projectorHttpOptions = (overrides: Record<string, unknown> = {}) => {
  const config = validateEnv(ProjectorConfig)({ ...process.env, ...overrides });
  return { port: config.PROJECTOR_HTTP_PORT, host: config.HOST, logLevel: config.LOG_LEVEL };
};
