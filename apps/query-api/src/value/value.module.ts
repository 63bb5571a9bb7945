import { Module } from '@nestjs/common';
import { SegmentationController } from './segmentation.controller';
import { LifecycleFunnelController } from './lifecycle-funnel.controller';
import { ReceivablesController } from './receivables.controller';

/**
 * Customer value and segmentation endpoints: ABC, Pareto, lifecycle funnel, receivables. The
 * customer list and detail (GET /customers, /customers/{id}) are in ../customers.
 */
@Module({
  controllers: [SegmentationController, LifecycleFunnelController, ReceivablesController],
  providers: [],
})
export class ValueModule {}
