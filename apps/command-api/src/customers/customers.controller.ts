import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { customerDecider, DomainError } from '@crm/domain';
import { streams } from '@crm/events';
import { aggregateIdFor } from '@crm/event-store';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { CommandResult } from '../application/command-result';
import { CommandCtx } from '../shared/command-context.decorator';
import { IdParamPipe } from '../shared/id-param.pipe';
import { markReplayed } from '../shared/replayed-header';
import { RegisterCustomerDto } from './dto/register-customer.dto';
import { LogVisitDto } from './dto/log-visit.dto';
import { RecordOrderDto } from './dto/record-order.dto';

class CustomerCommandResult extends CommandResult {
  customerId!: string;
}

export const COMMAND_HEADERS = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Command id: a repeated key appends nothing and returns the first result',
  }),
  ApiHeader({ name: 'X-Correlation-Id', required: false }),
  ApiHeader({
    name: 'X-Actor-Id',
    required: false,
    description: 'Acting user (until authentication exists)',
  }),
  ApiHeader({ name: 'X-Actor-Role', required: false, enum: ['rep', 'manager', 'admin', 'system'] }),
];

@ApiTags('customers')
@ApiBadRequestResponse({ description: 'Invalid input: `errors` lists each offending field' })
@ApiConflictResponse({ description: 'A business rule refused the command, or the stream kept changing' })
@Controller('customers')
export class CustomersController {
  constructor(private readonly commands: CommandHandler) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CustomerCommandResult })
  async register(
    @Body() dto: RegisterCustomerDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerCommandResult> {
    const customerId = dto.customerId ?? aggregateIdFor(ctx.commandId, 'customer');
    const registeredAt = dto.registeredAt
      ? new Date(dto.registeredAt).toISOString()
      : new Date().toISOString();
    const { type, customerId: _ignored, ...profile } = dto;
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...profile, type: 'RegisterCustomer', customerId, customerType: type, registeredAt },
      ctx,
      registeredAt,
    );
    return markReplayed(reply, { customerId, ...result });
  }

  @Post(':id/visits')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CommandResult })
  @ApiNotFoundResponse({ description: 'Unknown customer or rep' })
  async logVisit(
    @Param('id', IdParamPipe) customerId: string,
    @Body() dto: LogVisitDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    await this.requireRep(dto.repId);
    const visitedAt = new Date(dto.visitedAt).toISOString();
    const visitId = dto.visitId ?? aggregateIdFor(ctx.commandId, 'visit');
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'LogVisit', customerId, visitId, visitedAt },
      ctx,
      visitedAt,
    );
    return markReplayed(reply, result);
  }

  @Post(':id/orders')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CommandResult })
  @ApiNotFoundResponse({ description: 'Unknown customer or rep' })
  async recordOrder(
    @Param('id', IdParamPipe) customerId: string,
    @Body() dto: RecordOrderDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    if (dto.repId) await this.requireRep(dto.repId);
    const orderedAt = new Date(dto.orderedAt).toISOString();
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, lines: dto.lines.map((l) => ({ ...l })), type: 'RecordOrder', customerId, orderedAt },
      ctx,
      orderedAt,
    );
    return markReplayed(reply, result);
  }

  private async requireRep(repId: string): Promise<void> {
    if (!(await this.commands.exists(streams.rep(repId)))) {
      throw new DomainError('not_found', 'REP_NOT_FOUND', `Rep ${repId} does not exist`, 'repId');
    }
  }
}
