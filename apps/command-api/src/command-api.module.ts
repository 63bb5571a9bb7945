import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ObservabilityModule, validateEnv } from '@crm/platform';
import { CommandHandler } from './application/command-handler.service';
import { CommandApiConfig } from './config/command-api.config';
import { CustomerContactsController } from './customers/customer-contacts.controller';
import { CustomerOpportunitiesController } from './customers/customer-opportunities.controller';
import { CustomerOrdersController } from './customers/customer-orders.controller';
import { CustomerProfileController } from './customers/customer-profile.controller';
import { PlansController } from './plans/plans.controller';
import { RepsController } from './reps/reps.controller';
import { SegmentationPolicyController } from './segmentation/segmentation-policy.controller';
import { EventStoreModule } from './shared/event-store.module';
import { CommandMetrics } from './observability/command-metrics';
import { commandReadinessChecks } from './observability/command-readiness';

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
        ObservabilityModule.register({ readinessChecks: commandReadinessChecks }),
      ],
      controllers: [
        CustomerProfileController,
        CustomerContactsController,
        CustomerOpportunitiesController,
        CustomerOrdersController,
        RepsController,
        PlansController,
        SegmentationPolicyController,
      ],
      providers: [CommandHandler, CommandMetrics],
    };
  }
}
