import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { repDecider } from '@crm/domain';
import { streams } from '@crm/events';
import { aggregateIdFor } from '@crm/event-store';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { CommandResult } from '../application/command-result';
import { CommandCtx } from '../shared/command-context.decorator';
import { IdParamPipe } from '../shared/id-param.pipe';
import { markReplayed } from '../shared/replayed-header';
import { OnboardRepDto } from './dto/onboard-rep.dto';
import { AssignQuotaDto } from './dto/assign-quota.dto';

class RepCommandResult extends CommandResult {
  repId!: string;
}

@ApiTags('reps')
@ApiBadRequestResponse({ description: 'Invalid input: `errors` lists each offending field' })
@ApiConflictResponse({ description: 'A business rule refused the command, or the stream kept changing' })
@Controller('reps')
export class RepsController {
  constructor(private readonly commands: CommandHandler) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: RepCommandResult })
  async onboard(
    @Body() dto: OnboardRepDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RepCommandResult> {
    const repId = dto.repId ?? aggregateIdFor(ctx.commandId, 'rep');
    const onboardedAt = dto.onboardedAt ? new Date(dto.onboardedAt).toISOString() : new Date().toISOString();
    const result = await this.commands.handle(
      repDecider,
      streams.rep(repId),
      { ...dto, type: 'OnboardRep', repId, onboardedAt },
      ctx,
      onboardedAt,
    );
    return markReplayed(reply, { repId, ...result });
  }

  @Post(':id/quotas')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CommandResult })
  @ApiNotFoundResponse({ description: 'Unknown rep' })
  async assignQuota(
    @Param('id', IdParamPipe) repId: string,
    @Body() dto: AssignQuotaDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const result = await this.commands.handle(
      repDecider,
      streams.rep(repId),
      { ...dto, categoryTargets: dto.categoryTargets?.map((t) => ({ ...t })), type: 'AssignQuota', repId },
      ctx,
      new Date().toISOString(),
    );
    return markReplayed(reply, result);
  }
}
