import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createEventStore, type EventStore } from '@crm/event-store';
import type { QueryApiConfig } from '../config/query-api.config';

export const QUERY_EVENT_STORE = Symbol('QUERY_EVENT_STORE');

/**
 * The event store, read directly by the query API: the audit trail answers from the facts, and
 * consistency tokens are compared in the store's own position order.
 */
@Global()
@Module({
  providers: [
    {
      provide: QUERY_EVENT_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<QueryApiConfig, true>): EventStore =>
        createEventStore({
          databaseUrl: config.get('DATABASE_URL', { infer: true }),
          eventStoreConnectionString: config.get('EVENTSTORE_CONNECTION_STRING', { infer: true }),
          poolSize: 4,
        }),
    },
  ],
  exports: [QUERY_EVENT_STORE],
})
export class QueryEventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(QUERY_EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
