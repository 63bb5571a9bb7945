import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller';
import { AuditSearchController } from './search/audit-search.controller';
import { CustomerHistoryController } from './history/customer-history.controller';
import { CustomerExplainController } from './explain/customer-explain.controller';

/**
 * The audit trail: every interaction as stored, never edited (read-only endpoints). The customer
 * timeline, the search and export over the interaction index, time travel by folding a customer's
 * events, and "why" a customer has its class and stage.
 */
@Module({
  controllers: [
    TimelineController,
    AuditSearchController,
    CustomerHistoryController,
    CustomerExplainController,
  ],
})
export class AuditModule {}
