import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_OPTIONS, HealthController, type HealthOptions } from './health/health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './health/readiness-check';
import { AppMetrics } from './metrics/app-metrics';
import { MetricsController } from './metrics/metrics.controller';
import type { ObservabilityConfig } from './observability.config';

export interface ObservabilityOptions {
  /** Builds the app's readiness checks from its providers. */
  readinessChecks: Omit<FactoryProvider<ReadinessCheck[]>, 'provide'>;
}

type Config = ConfigService<ObservabilityConfig, true>;

/**
 * `/health/live`, `/health/ready` (terminus) and `/metrics` (prom-client) for an API, configured
 * from the app's `ObservabilityConfig` settings (global ConfigService). `AppMetrics` is global so
 * that any provider, and the HTTP layer (`configureHttpApp`), can register metrics in it.
 */
@Global()
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  static register(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: Config) => ({
            errorLogStyle: 'json' as const,
            gracefulShutdownTimeoutMs: config.get('SHUTDOWN_GRACE_MS', { infer: true }),
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: AppMetrics, useFactory: () => new AppMetrics() },
        {
          provide: HEALTH_OPTIONS,
          inject: [ConfigService],
          useFactory: (config: Config): HealthOptions => ({
            timeoutMs: config.get('HEALTH_CHECK_TIMEOUT_MS', { infer: true }),
          }),
        },
        { provide: READINESS_CHECKS, ...options.readinessChecks },
      ],
      exports: [AppMetrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.checks.map((c) => c.close?.().catch(() => undefined)));
  }
}
