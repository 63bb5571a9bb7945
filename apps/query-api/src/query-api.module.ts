import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { validateEnv } from '@crm/platform';
import { READ_MODEL_ENTITIES } from '@crm/read-models';
import { QueryApiConfig } from './config/query-api.config';
import { CustomersController } from './customers/customers.controller';
import { RepsController } from './reps/reps.controller';
import { ValueModule } from './value/value.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { ConsistencyModule } from './consistency/consistency.module';
import { QueryEventStoreModule } from './shared/event-store.module';
import { WhatIfModule } from './whatif/whatif.module';
import { QueryObservabilityModule } from './observability/query-observability.module';

@Module({})
export class QueryApiModule {
  /** `overrides` take precedence over the environment (tests use them). */
  static register(overrides: Record<string, unknown> = {}): DynamicModule {
    return {
      module: QueryApiModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: (raw) => validateEnv(QueryApiConfig)({ ...raw, ...overrides }),
        }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<QueryApiConfig, true>) => ({
            type: 'postgres' as const,
            url: config.get('DATABASE_URL', { infer: true }),
            entities: READ_MODEL_ENTITIES,
            synchronize: false,
            migrationsRun: false,
            logging: false,
          }),
        }),
        TypeOrmModule.forFeature(READ_MODEL_ENTITIES),
        QueryEventStoreModule,
        ConsistencyModule,
        ValueModule,
        AnalyticsModule,
        AuditModule,
        WhatIfModule,
        QueryObservabilityModule,
      ],
      controllers: [CustomersController, RepsController],
    };
  }
}
