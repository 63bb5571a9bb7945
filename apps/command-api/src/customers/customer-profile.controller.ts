import { Body, Controller, Param, Patch, Post, Res } from '@nestjs/common';
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
import { AssignCustomerOwnerDto } from './dto/assign-customer-owner.dto';
import { RegisterCustomerDto } from './dto/register-customer.dto';
import { UpdateCustomerProfileDto } from './dto/update-customer-profile.dto';
import { CustomerCommandResult } from './customer-command-result';

/** The customer itself: registration, profile changes, ownership. */
@ApiTags('customers')
@ApiCommandHeaders()
@Controller('customers')
export class CustomerProfileController {
  constructor(private readonly commands: CommandHandler) {}

  @Post()
  @ApiCommand({ summary: 'CustomerRegistered appended', type: CustomerCommandResult })
  async register(
    @Body() dto: RegisterCustomerDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const customerId = dto.customerId ?? aggregateIdFor(ctx.commandId, 'customer');
    const registeredAt = businessTime(dto.registeredAt);
    const { type, customerId: _ignored, ...profile } = dto;
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...profile, type: 'RegisterCustomer', customerId, customerType: type, registeredAt },
      ctx,
      registeredAt,
    );
    sendCommandResult(reply, { customerId, ...result });
  }

  @Patch(':id')
  @ApiCommand({
    summary: 'CustomerProfileUpdated appended, holding only the fields whose value changed',
    type: CustomerCommandResult,
    unchanged: 'Every field already had the value sent: nothing appended, `changed: false`',
    notFound: 'Unknown customer',
  })
  async updateProfile(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: UpdateCustomerProfileDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const updatedAt = businessTime(dto.updatedAt);
    const { type, ...fields } = dto;
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...fields, type: 'UpdateCustomerProfile', customerId, customerType: type, updatedAt },
      ctx,
      updatedAt,
    );
    sendCommandResult(reply, { customerId, ...result });
  }

  @Post(':id/owner')
  @ApiCommand({
    summary: 'CustomerOwnerAssigned appended (409 OWNER_UNCHANGED if the rep already owns it)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or rep',
  })
  async assignOwner(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: AssignCustomerOwnerDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await requireRep(this.commands, dto.repId);
    const assignedAt = businessTime(dto.assignedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'AssignCustomerOwner', customerId, assignedAt },
      ctx,
      assignedAt,
    );
    sendCommandResult(reply, { customerId, ...result });
  }
}
