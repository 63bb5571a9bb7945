import { Module } from '@nestjs/common';
import { ObservabilityModule } from '@crm/platform';
import { queryReadinessChecks } from './query-readiness';

/** Health (`/health/live`, `/health/ready`) and `/metrics` of the query API. */
@Module({ imports: [ObservabilityModule.register({ readinessChecks: queryReadinessChecks })] })
export class QueryObservabilityModule {}
