import { Pool } from 'pg';
import { createEventStore, EventStoreSchema1763900000000 } from '@crm/event-store';
import { createKafka, KAFKA_TRANSPORT_MIGRATIONS, KafkaRelay, type RelayLogger } from '@crm/kafka-transport';
import { ensureDatabase, runMigrations, validateEnv } from '@crm/platform';
import { RelayConfig } from './relay.config';

export interface RunningRelay {
  readonly published: number;
  stop(): Promise<void>;
}

/** Starts the relay from the event store's global log to the Kafka topic. */
export async function startRelay(overrides: Record<string, unknown> = {}, logger: RelayLogger = console): Promise<RunningRelay> {
  const config = validateEnv(RelayConfig)({ ...process.env, ...overrides });
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, [EventStoreSchema1763900000000, ...KAFKA_TRANSPORT_MIGRATIONS]);
  const options = {
    brokers: config.KAFKA_BROKERS,
    topic: config.KAFKA_TOPIC,
    partitions: config.KAFKA_PARTITIONS,
    clientId: 'crm-relay',
    batchSize: config.RELAY_BATCH_SIZE,
    retryDelayMs: config.RELAY_RETRY_DELAY_MS,
  };
  const store = createEventStore({
    databaseUrl: config.DATABASE_URL,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
  });
  const db = new Pool({ connectionString: config.DATABASE_URL, max: 2 });
  db.on('error', () => undefined);
  const relay = new KafkaRelay(createKafka(options), store, db, options, logger);
  await relay.start();
  return {
    get published() {
      return relay.published;
    },
    stop: async () => {
      await relay.stop();
      await store.close();
      await db.end();
    },
  };
}
