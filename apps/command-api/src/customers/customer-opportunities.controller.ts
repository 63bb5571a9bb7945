import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { customerDecider } from '@crm/domain';
import { streams } from '@crm/events';
import { aggregateIdFor } from '@crm/event-store';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { ApiCommand, ApiCommandHeaders } from '../shared/api-command.decorator';
import { businessTime } from '../shared/business-time';
import { CommandCtx } from '../shared/command-context.decorator';
import { sendCommandResult } from '../shared/command-reply';
import { ID_PARAM, IdParamPipe } from '../shared/id-param.pipe';
import { requireRep } from '../shared/require-rep';
import { LoseOpportunityDto } from './dto/lose-opportunity.dto';
import { OpenOpportunityDto } from './dto/open-opportunity.dto';
import { WinOpportunityDto } from './dto/win-opportunity.dto';
import { customerAccess } from './customer-access';
import { CustomerCommandResult } from './customer-command-result';

const OPPORTUNITY_ID = new IdParamPipe('opportunityId');

/** Opportunities: opened once, then won or lost once. */
@ApiTags('customers')
@ApiCommandHeaders()
@Controller('customers')
export class CustomerOpportunitiesController {
  constructor(private readonly commands: CommandHandler) {}

  @Post(':id/opportunities')
  @ApiCommand({
    summary: 'OpportunityOpened appended (409 OPPORTUNITY_ALREADY_OPENED for a known id)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or rep',
  })
  async open(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: OpenOpportunityDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (dto.repId) await requireRep(this.commands, dto.repId);
    const opportunityId = dto.opportunityId ?? aggregateIdFor(ctx.commandId, 'opportunity');
    const openedAt = businessTime(dto.openedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'OpenOpportunity', customerId, opportunityId, openedAt },
      ctx,
      openedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, opportunityId, ...result });
  }

  @Post(':id/opportunities/:opportunityId/win')
  @ApiCommand({
    summary: 'OpportunityWon appended (409 OPPORTUNITY_NOT_OPEN unless it is open)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer, opportunity or order',
  })
  async win(
    @Param('id', ID_PARAM) customerId: string,
    @Param('opportunityId', OPPORTUNITY_ID) opportunityId: string,
    @Body() dto: WinOpportunityDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const wonAt = businessTime(dto.wonAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'WinOpportunity', customerId, opportunityId, wonAt },
      ctx,
      wonAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, opportunityId, ...result });
  }

  @Post(':id/opportunities/:opportunityId/lose')
  @ApiCommand({
    summary: 'OpportunityLost appended (409 OPPORTUNITY_NOT_OPEN unless it is open)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or opportunity',
  })
  async lose(
    @Param('id', ID_PARAM) customerId: string,
    @Param('opportunityId', OPPORTUNITY_ID) opportunityId: string,
    @Body() dto: LoseOpportunityDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lostAt = businessTime(dto.lostAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'LoseOpportunity', customerId, opportunityId, lostAt },
      ctx,
      lostAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, opportunityId, ...result });
  }
}
