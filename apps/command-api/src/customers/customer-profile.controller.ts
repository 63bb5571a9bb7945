import { Body, Controller, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { customerDecider, type CustomerCommand } from '@crm/domain';
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
import { assignOwnerAccess, registerCustomerAccess, updateProfileAccess } from './customer-access';
import { CustomerCommandResult } from './customer-command-result';
import { AccessDeniedError } from '../application/stream-access';

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
    const commands: CustomerCommand[] = [
      { ...profile, type: 'RegisterCustomer', customerId, customerType: type, registeredAt },
    ];
    if (ctx.principal.role === 'rep') {
      // A rep registers the customers they will own: registration and ownership in one append.
      if (!(await this.commands.exists(streams.rep(ctx.principal.userId)))) {
        throw new AccessDeniedError(
          'REP_NOT_ONBOARDED',
          `Rep ${ctx.principal.userId} is not onboarded, so cannot own the customer`,
        );
      }
      commands.push({
        type: 'AssignCustomerOwner',
        customerId,
        repId: ctx.principal.userId,
        reason: 'registered by the rep',
        assignedAt: registeredAt,
      });
    }
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      commands,
      ctx,
      registeredAt,
      registerCustomerAccess(ctx.principal, dto.region),
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
      updateProfileAccess(ctx.principal, dto.region),
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
      assignOwnerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, ...result });
  }
}
