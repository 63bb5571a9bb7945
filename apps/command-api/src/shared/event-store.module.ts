import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createEventStore, type EventStore } from '@crm/event-store';
import type { CommandApiConfig } from '../config/command-api.config';
import { EVENT_STORE } from './tokens';

/**
 * Provides the event-store port: EventStoreDB when EVENTSTORE_CONNECTION_STRING (`esdb://…`) is
 * set, otherwise the PostgreSQL adapter on DATABASE_URL.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<CommandApiConfig, true>): EventStore => {
        return createEventStore({
          databaseUrl: config.get('DATABASE_URL', { infer: true }),
          eventStoreConnectionString: config.get('EVENTSTORE_CONNECTION_STRING', { infer: true }),
        });
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
