import { ConfigService } from '@nestjs/config';
import type { EventStore } from '@crm/event-store';
import { kafkaPing, postgresPing, type ReadinessCheck } from '@crm/platform';
import type { CommandApiConfig } from '../config/command-api.config';
import { EVENT_STORE } from '../shared/tokens';

/**
 * What the command API needs to serve: the event store (PostgreSQL `SELECT 1`, or a one-event
 * read of EventStoreDB's log) and, when configured, Kafka.
 */
export const commandReadinessChecks = {
  inject: [ConfigService, EVENT_STORE],
  useFactory: (config: ConfigService<CommandApiConfig, true>, store: EventStore): ReadinessCheck[] => {
    const timeoutMs = config.get('HEALTH_CHECK_TIMEOUT_MS', { infer: true });
    const brokers = config.get('KAFKA_BROKERS', { infer: true });
    const eventStore: ReadinessCheck = config.get('EVENTSTORE_CONNECTION_STRING', { infer: true })
      ? {
          name: 'eventStore',
          check: async () => {
            await store.readAll(null, 1);
            return { adapter: 'eventstoredb' };
          },
        }
      : postgresPing('eventStore', config.get('DATABASE_URL', { infer: true }), timeoutMs);
    return [eventStore, ...(brokers ? [kafkaPing('kafka', brokers, timeoutMs)] : [])];
  },
};
