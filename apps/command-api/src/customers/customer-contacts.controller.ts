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
import { ID_PARAM } from '../shared/id-param.pipe';
import { requireRep } from '../shared/require-rep';
import { AddContactPersonDto } from './dto/add-contact-person.dto';
import { LogVisitDto } from './dto/log-visit.dto';
import { RecordCompetitorFeedbackDto } from './dto/record-competitor-feedback.dto';
import { customerAccess } from './customer-access';
import { CustomerCommandResult } from './customer-command-result';

/** Who the company knows at the customer and every contact with them. */
@ApiTags('customers')
@ApiCommandHeaders()
@Controller('customers')
export class CustomerContactsController {
  constructor(private readonly commands: CommandHandler) {}

  @Post(':id/contacts')
  @ApiCommand({
    summary: 'ContactPersonAdded appended (409 CONTACT_PERSON_ALREADY_ADDED for a known id)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer',
  })
  async addContactPerson(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: AddContactPersonDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contactPersonId = dto.contactPersonId ?? aggregateIdFor(ctx.commandId, 'contact-person');
    const addedAt = businessTime(dto.addedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'AddContactPerson', customerId, contactPersonId, addedAt },
      ctx,
      addedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, contactPersonId, ...result });
  }

  @Post(':id/visits')
  @ApiCommand({
    summary: 'VisitLogged appended',
    notFound: 'Unknown customer, rep or contact person',
  })
  async logVisit(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: LogVisitDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await requireRep(this.commands, dto.repId);
    const visitedAt = businessTime(dto.visitedAt);
    const visitId = dto.visitId ?? aggregateIdFor(ctx.commandId, 'visit');
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'LogVisit', customerId, visitId, visitedAt },
      ctx,
      visitedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, result);
  }

  @Post(':id/competitor-feedback')
  @ApiCommand({
    summary: 'CompetitorFeedbackRecorded appended',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or rep',
  })
  async recordCompetitorFeedback(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: RecordCompetitorFeedbackDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (dto.repId) await requireRep(this.commands, dto.repId);
    const feedbackId = dto.feedbackId ?? aggregateIdFor(ctx.commandId, 'competitor-feedback');
    const observedAt = businessTime(dto.observedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'RecordCompetitorFeedback', customerId, feedbackId, observedAt },
      ctx,
      observedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, feedbackId, ...result });
  }
}
