import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { progressOf, type WhatIfPolicyChange, type WhatIfRun } from '@crm/read-models';
import { CandidatePolicyDto } from './candidate-policy.dto';

export class ActorView {
  @ApiProperty({ example: 'analyst-1' }) userId!: string;
  @ApiProperty({ enum: ['rep', 'manager', 'admin', 'system'] }) role!: string;
}

export class PolicyChangeView {
  @ApiProperty({ example: 4, description: 'Policy version appended' }) version!: number;
  @ApiProperty({
    example: '812-9310',
    description: 'Its log position: send as X-Consistency-Token to read after it',
  })
  consistencyToken!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: ActorView }) by!: ActorView;
}

export class PromotionView extends PolicyChangeView {
  @ApiProperty({ example: 3, description: 'The live policy version it replaced (0: the default policy)' })
  previousVersion!: number;
  @ApiProperty({ type: CandidatePolicyDto }) previousPolicy!: CandidatePolicyDto;
  @ApiPropertyOptional({ type: PolicyChangeView, nullable: true }) rollback!: PolicyChangeView | null;
}

export class WhatIfRunView {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'whatif_7', description: 'The shadow schema' }) schema!: string;
  @ApiPropertyOptional({ nullable: true }) label!: string | null;
  @ApiProperty({ enum: ['running', 'completed', 'failed', 'dropped'] }) status!: string;
  @ApiProperty({ type: CandidatePolicyDto }) candidate!: CandidatePolicyDto;
  @ApiPropertyOptional({ nullable: true, description: 'Log position of the last event replayed' })
  position!: string | null;
  @ApiProperty({ example: 9276 }) eventsRead!: number;
  @ApiProperty({ example: 9274, description: 'Of those, events the value model handles' })
  eventsApplied!: number;
  @ApiPropertyOptional({ nullable: true, description: 'Size of the log when the replay (re)started' })
  eventsTotal!: number | null;
  @ApiPropertyOptional({ nullable: true, example: 1700, description: 'Over the time spent replaying' })
  eventsPerSecond!: number | null;
  @ApiPropertyOptional({ nullable: true, example: 0.42, description: '0..1' }) fraction!: number | null;
  @ApiPropertyOptional({ nullable: true, example: 3 }) etaSeconds!: number | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: ActorView }) startedBy!: ActorView;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiPropertyOptional({ type: PromotionView, nullable: true }) promotion!: PromotionView | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) droppedAt!: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const changeView = (c: WhatIfPolicyChange): PolicyChangeView => ({
  version: c.version,
  consistencyToken: c.position,
  at: iso(c.at)!,
  by: c.by,
});

export const toRunView = (run: WhatIfRun): WhatIfRunView => ({
  id: run.id,
  schema: run.schema,
  label: run.label,
  status: run.status,
  candidate: run.candidate,
  position: run.position,
  eventsRead: run.eventsRead,
  eventsApplied: run.eventsApplied,
  eventsTotal: run.eventsTotal,
  ...progressOf(run),
  startedAt: iso(run.startedAt)!,
  startedBy: run.startedBy,
  updatedAt: iso(run.updatedAt)!,
  finishedAt: iso(run.finishedAt),
  error: run.error,
  promotion: run.promotion
    ? {
        ...changeView(run.promotion),
        previousVersion: run.promotion.previousVersion,
        previousPolicy: run.promotion.previousPolicy,
        rollback: run.promotion.rollback ? changeView(run.promotion.rollback) : null,
      }
    : null,
  droppedAt: iso(run.droppedAt),
});
