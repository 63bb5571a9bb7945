import { DataSource } from 'typeorm';
import { createEventStore, EventStoreSchema1763900000000 } from '@crm/event-store';
import { createKafka, ensureTopic, KafkaProjector, KafkaTransport1763900400000 } from '@crm/kafka-transport';
import { ensureDatabase, runMigrations, validateEnv } from '@crm/platform';
import { ALL_PROJECTIONS, ProjectionEngine, READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { ProjectorConfig } from './config/projector.config';
import { Projector, type ProjectorLogger } from './projector';

export const PROJECTOR_MIGRATIONS = [EventStoreSchema1763900000000, ...READ_MODEL_MIGRATIONS, KafkaTransport1763900400000];

export interface RunningProjector {
  readonly mode: 'direct' | 'kafka';
  /** Kafka mode: the partitions this instance holds. */
  readonly assignedPartitions?: number[];
  /** Events applied by this instance since it started. */
  readonly applied: number;
  stop(): Promise<void>;
}

/** Consumes the Kafka topic in a consumer group; offsets live with the read models. */
async function startKafkaProjector(config: ProjectorConfig, logger: ProjectorLogger): Promise<RunningProjector> {
  const options = {
    brokers: config.KAFKA_BROKERS!,
    topic: config.KAFKA_TOPIC,
    partitions: config.KAFKA_PARTITIONS,
    clientId: 'crm-projector',
    groupId: config.KAFKA_GROUP_ID,
  };
  const kafka = createKafka(options);
  await ensureTopic(kafka, options);
  const dataSource = await new DataSource({ type: 'postgres', url: config.DATABASE_URL, logging: false }).initialize();
  const store = createEventStore({
    databaseUrl: config.DATABASE_URL,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
  });
  const compare = (a: string, b: string) => store.comparePositions(a, b);
  const consumer = new KafkaProjector(kafka, dataSource, new ProjectionEngine(dataSource, ALL_PROJECTIONS, compare), compare, options, logger);
  await consumer.start();
  return {
    mode: 'kafka',
    get applied() {
      return consumer.applied;
    },
    get assignedPartitions() {
      return consumer.assignedPartitions;
    },
    stop: async () => {
      await consumer.stop();
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
  return {
    mode: 'direct',
    get applied() {
      return projector.applied;
    },
    stop: () => projector.stop(),
  };
}
