import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { planDecider } from '@crm/domain';
import { streams } from '@crm/events';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { CommandResult } from '../application/command-result';
import { ApiCommand, ApiCommandHeaders } from '../shared/api-command.decorator';
import { businessTime } from '../shared/business-time';
import { CommandCtx } from '../shared/command-context.decorator';
import { sendCommandResult } from '../shared/command-reply';
import { Roles } from '@crm/platform';
import { SetContactPlanDto } from './dto/set-contact-plan.dto';
import { planAccess } from './plan-access';

class PlanCommandResult extends CommandResult {
  @ApiProperty({ example: '2026-12' })
  period!: string;
}

@ApiTags('plans')
@ApiCommandHeaders()
@Roles('manager', 'admin')
@Controller('plans')
export class PlansController {
  constructor(private readonly commands: CommandHandler) {}

  /** The period is checked by the domain (400 naming `period`), like every other rule. */
  @Put(':period')
  @ApiParam({ name: 'period', description: 'A month (YYYY-MM) or a quarter (YYYY-Qn)', example: '2026-12' })
  @ApiCommand({ summary: 'ContactPlanSet appended with the next revision', type: PlanCommandResult })
  async setContactPlan(
    @Param('period') period: string,
    @Body() dto: SetContactPlanDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const setAt = businessTime(dto.setAt);
    const result = await this.commands.handle(
      planDecider,
      streams.plan(period),
      { type: 'SetContactPlan', period, rules: dto.rules.map((r) => ({ ...r })), setAt },
      ctx,
      setAt,
      planAccess(
        ctx.principal,
        dto.rules.map((r) => r.region),
      ),
    );
    sendCommandResult(reply, { period, ...result });
  }
}
