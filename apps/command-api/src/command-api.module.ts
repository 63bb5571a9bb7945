import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnv } from '@crm/platform';
import { CommandHandler } from './application/command-handler.service';
import { CommandApiConfig } from './config/command-api.config';
import { CustomersController } from './customers/customers.controller';
import { RepsController } from './reps/reps.controller';
import { EventStoreModule } from './shared/event-store.module';

@Module({})
export class CommandApiModule {
  /** `overrides` take precedence over the environment (tests use them). */
  static register(overrides: Record<string, unknown> = {}): DynamicModule {
    return {
      module: CommandApiModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: (raw) => validateEnv(CommandApiConfig)({ ...raw, ...overrides }),
        }),
        EventStoreModule,
      ],
      controllers: [CustomersController, RepsController],
      providers: [CommandHandler],
    };
  }
}
