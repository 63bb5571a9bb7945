import { ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@crm/event-store';
import { kafkaPing, postgresPing, type ReadinessCheck } from '@crm/platform';
import type { QueryApiConfig } from '../config/query-api.config';
import { QUERY_EVENT_STORE } from '../shared/event-store.module';

/**
 * What the query API needs to serve: the read-model database (`SELECT 1` through the pool that
 * serves the queries), the event store it reads the audit trail and consistency tokens from
 * (PostgreSQL `SELECT 1`, or a one-event read of EventStoreDB's log) and, when configured, Kafka.
 */
export const queryReadinessChecks = {
  inject: [ConfigService, getDataSourceToken(), QUERY_EVENT_STORE],
  useFactory: (
    config: ConfigService<QueryApiConfig, true>,
    dataSource: DataSource,
    store: EventStore,
  ): ReadinessCheck[] => {
    const timeoutMs = config.get('HEALTH_CHECK_TIMEOUT_MS', { infer: true });
    const brokers = config.get('KAFKA_BROKERS', { infer: true });
    const readModels: ReadinessCheck = {
      name: 'readModels',
      check: async () => {
        await dataSource.query('SELECT 1');
      },
    };
    const eventStore: ReadinessCheck = config.get('EVENTSTORE_CONNECTION_STRING', { infer: true })
      ? {
          name: 'eventStore',
          check: async () => {
            await store.readAll(null, 1);
            return { adapter: 'eventstoredb' };
          },
        }
      : postgresPing('eventStore', config.get('DATABASE_URL', { infer: true }), timeoutMs);
    return [readModels, eventStore, ...(brokers ? [kafkaPing('kafka', brokers, timeoutMs)] : [])];
  },
};
