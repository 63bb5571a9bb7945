import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { WhatIfPolicySwitch } from '@crm/read-models';
import { ComparisonQuery, MoversQuery } from './dto/comparison.query';
import {
  ComparisonView,
  MoversView,
  PolicySwitchView,
  toComparisonView,
  toMoversView,
} from './dto/comparison.view';
import { PolicySwitchDto } from './dto/policy-switch.dto';
import { ResumeWhatIfDto, StartWhatIfDto } from './dto/start-whatif.dto';
import { toRunView, WhatIfRunView } from './dto/whatif-run.view';
import { WhatIfCtx, type WhatIfCommandContext } from './whatif-command.context';
import { WhatIfErrorFilter } from './whatif-error.filter';
import { WhatIfService } from './whatif.service';
import { Roles } from '@crm/platform';

const asOfOrNow = (asOf: string | undefined): Date => (asOf ? new Date(asOf) : new Date());
const RUN = 'runs/:id';

const switchView = ({ run, change }: WhatIfPolicySwitch): PolicySwitchView => ({
  version: change.version,
  consistencyToken: change.logPosition,
  previousVersion: change.previousVersion,
  replayed: change.alreadyAppended,
  run: toRunView(run),
});

/**
 * What-if segmentation, for admins only (every endpoint: runs replay the whole log and promotion
 * changes the live policy); the actor is the token's. A run replays a candidate policy over the
 * whole log into its own schema, then compares, promotes, rolls back and drops.
 */
@ApiTags('what-if')
@UseFilters(WhatIfErrorFilter)
@Roles('admin')
@Controller('whatif')
export class WhatIfController {
  constructor(private readonly service: WhatIfService) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start: replay a candidate policy over the whole log into a shadow schema' })
  @ApiAcceptedResponse({ type: WhatIfRunView, description: 'The run, replaying in the background' })
  @ApiBadRequestResponse({ description: 'The candidate is not a valid policy (errors name the fields)' })
  async start(@Body() dto: StartWhatIfDto, @WhatIfCtx() ctx: WhatIfCommandContext): Promise<WhatIfRunView> {
    const run = await this.service.start(
      { candidate: dto.policy, label: dto.label, actor: ctx.actor },
      dto.batchSize,
    );
    return toRunView(run);
  }

  @Get('runs')
  @ApiOkResponse({ type: [WhatIfRunView], description: 'The last 100 runs, newest first' })
  async list(): Promise<WhatIfRunView[]> {
    return (await this.service.whatIf.list(100)).map(toRunView);
  }

  @Get(RUN)
  @ApiOperation({ summary: 'Progress: status, position, events read, events/s, ETA' })
  @ApiOkResponse({ type: WhatIfRunView })
  @ApiNotFoundResponse({ description: 'No such run' })
  async progress(@Param('id', ParseIntPipe) id: number): Promise<WhatIfRunView> {
    return toRunView(await this.service.whatIf.get(id));
  }

  @Post(`${RUN}/resume`)
  @HttpCode(202)
  @ApiOperation({ summary: 'Resume a failed or interrupted replay from its checkpoint' })
  @ApiAcceptedResponse({ type: WhatIfRunView })
  @ApiConflictResponse({ description: 'The run is completed, dropped, or replaying here already' })
  async resume(@Param('id', ParseIntPipe) id: number, @Body() dto: ResumeWhatIfDto): Promise<WhatIfRunView> {
    return toRunView(await this.service.resume(id, dto.batchSize));
  }

  @Get(`${RUN}/comparison`)
  @ApiOperation({
    summary:
      'Compare: class × class and stage × stage matrices, customers and revenue share per class under each policy',
  })
  @ApiOkResponse({
    type: ComparisonView,
    description: 'From one snapshot of the live and shadow read models',
  })
  @ApiConflictResponse({ description: 'The replay has not completed, or the run was dropped' })
  async compare(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ComparisonQuery,
  ): Promise<ComparisonView> {
    return toComparisonView(await this.service.whatIf.compare(id, asOfOrNow(query.asOf)));
  }

  @Get(`${RUN}/movers`)
  @ApiOperation({
    summary: 'The customers whose class and/or stage differ, by customer id, a page at a time',
  })
  @ApiOkResponse({ type: MoversView })
  @ApiConflictResponse({ description: 'The replay has not completed, or the run was dropped' })
  async movers(@Param('id', ParseIntPipe) id: number, @Query() query: MoversQuery): Promise<MoversView> {
    const asOf = asOfOrNow(query.asOf);
    const page = await this.service.whatIf.movers(id, asOf, {
      kind: query.kind ?? 'any',
      fromClass: query.fromClass,
      toClass: query.toClass,
      after: query.after,
      limit: query.limit ?? 50,
    });
    return toMoversView(id, asOf, page);
  }

  @Post(`${RUN}/promote`)
  @ApiOperation({
    summary:
      'Promote: SegmentationPolicyChanged with the candidate appended through the domain decider; the projector ' +
      'switches the live read model (policy and every lifecycle) in one transaction',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes the promotion safe to retry' })
  @ApiCreatedResponse({
    type: PolicySwitchView,
    description: 'change.consistencyToken: read after the switch with it',
  })
  @ApiConflictResponse({ description: 'Replay not completed, run dropped, or already promoted' })
  async promote(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: PolicySwitchDto,
    @WhatIfCtx() ctx: WhatIfCommandContext,
  ): Promise<PolicySwitchView> {
    const result = await this.service.whatIf.promote(id, {
      ...ctx,
      reason: dto.reason,
      changedAt: new Date(dto.changedAt ?? Date.now()).toISOString(),
    });
    return switchView(result);
  }

  @Post(`${RUN}/rollback`)
  @ApiOperation({ summary: 'Roll back: the policy the promotion replaced appended again (one call)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes the rollback safe to retry' })
  @ApiCreatedResponse({ type: PolicySwitchView })
  @ApiConflictResponse({ description: 'Not promoted, rolled back already, or the live policy changed since' })
  async rollback(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: PolicySwitchDto,
    @WhatIfCtx() ctx: WhatIfCommandContext,
  ): Promise<PolicySwitchView> {
    const result = await this.service.whatIf.rollback(id, {
      ...ctx,
      reason: dto.reason,
      changedAt: new Date(dto.changedAt ?? Date.now()).toISOString(),
    });
    return switchView(result);
  }

  @Delete(RUN)
  @ApiOperation({
    summary: 'Drop the shadow schema (a running replay stops); the run is kept, marked dropped',
  })
  @ApiOkResponse({ type: WhatIfRunView })
  async drop(@Param('id', ParseIntPipe) id: number): Promise<WhatIfRunView> {
    return toRunView(await this.service.whatIf.drop(id));
  }
}
