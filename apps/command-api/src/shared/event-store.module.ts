import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PostgresEventStore, type EventStore } from '@crm/event-store';
import type { CommandApiConfig } from '../config/command-api.config';
import { EVENT_STORE } from './tokens';

/** Provides the event-store port: the PostgreSQL adapter (EventStoreDB arrives with its own issue). */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<CommandApiConfig, true>): EventStore => {
        if (config.get('EVENTSTORE_CONNECTION_STRING', { infer: true })) {
          throw new Error(
            'EVENTSTORE_CONNECTION_STRING is set, but the EventStoreDB adapter is not available yet',
          );
        }
        return new PostgresEventStore({ connectionString: config.get('DATABASE_URL', { infer: true }) });
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
