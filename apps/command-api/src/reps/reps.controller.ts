import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { repDecider } from '@crm/domain';
import { streams } from '@crm/events';
import { aggregateIdFor } from '@crm/event-store';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { CommandResult } from '../application/command-result';
import { Roles } from '@crm/platform';
import { ApiCommand, ApiCommandHeaders } from '../shared/api-command.decorator';
import { businessTime } from '../shared/business-time';
import { CommandCtx } from '../shared/command-context.decorator';
import { sendCommandResult } from '../shared/command-reply';
import { ID_PARAM } from '../shared/id-param.pipe';
import { AssignQuotaDto } from './dto/assign-quota.dto';
import { AssignTerritoryDto } from './dto/assign-territory.dto';
import { OnboardRepDto } from './dto/onboard-rep.dto';
import { repAccess } from './rep-access';

class RepCommandResult extends CommandResult {
  @ApiProperty({ example: 'rep-12' })
  repId!: string;
}

@ApiTags('reps')
@ApiCommandHeaders()
@Roles('manager', 'admin')
@Controller('reps')
export class RepsController {
  constructor(private readonly commands: CommandHandler) {}

  @Post()
  @ApiCommand({ summary: 'RepOnboarded appended', type: RepCommandResult })
  async onboard(
    @Body() dto: OnboardRepDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const repId = dto.repId ?? aggregateIdFor(ctx.commandId, 'rep');
    const onboardedAt = businessTime(dto.onboardedAt);
    const result = await this.commands.handle(
      repDecider,
      streams.rep(repId),
      { ...dto, type: 'OnboardRep', repId, onboardedAt },
      ctx,
      onboardedAt,
      repAccess(ctx.principal, dto.region),
    );
    sendCommandResult(reply, { repId, ...result });
  }

  @Post(':id/quotas')
  @ApiCommand({ summary: 'QuotaAssigned appended', type: RepCommandResult, notFound: 'Unknown rep' })
  async assignQuota(
    @Param('id', ID_PARAM) repId: string,
    @Body() dto: AssignQuotaDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commands.handle(
      repDecider,
      streams.rep(repId),
      { ...dto, categoryTargets: dto.categoryTargets?.map((t) => ({ ...t })), type: 'AssignQuota', repId },
      ctx,
      businessTime(undefined),
      repAccess(ctx.principal),
    );
    sendCommandResult(reply, { repId, ...result });
  }

  @Post(':id/territory')
  @ApiCommand({
    summary: 'TerritoryAssigned appended: the rep’s territory from now on',
    type: RepCommandResult,
    notFound: 'Unknown rep',
  })
  async assignTerritory(
    @Param('id', ID_PARAM) repId: string,
    @Body() dto: AssignTerritoryDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const assignedAt = businessTime(dto.assignedAt);
    const result = await this.commands.handle(
      repDecider,
      streams.rep(repId),
      { ...dto, type: 'AssignTerritory', repId, assignedAt },
      ctx,
      assignedAt,
      repAccess(ctx.principal),
    );
    sendCommandResult(reply, { repId, ...result });
  }
}
