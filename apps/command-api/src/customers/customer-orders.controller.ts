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
import { CancelOrderDto } from './dto/cancel-order.dto';
import { RecordOrderDto } from './dto/record-order.dto';
import { RecordPaymentDto } from './dto/record-payment.dto';
import { customerAccess } from './customer-access';
import { CustomerCommandResult } from './customer-command-result';

const ORDER_ID = new IdParamPipe('orderId');

/** Orders, their cancellation and the payments that settle them. */
@ApiTags('customers')
@ApiCommandHeaders()
@Controller('customers')
export class CustomerOrdersController {
  constructor(private readonly commands: CommandHandler) {}

  @Post(':id/orders')
  @ApiCommand({
    summary: 'OrderRecorded appended (409 ORDER_ALREADY_RECORDED for a known order id)',
    notFound: 'Unknown customer or rep',
  })
  async recordOrder(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: RecordOrderDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (dto.repId) await requireRep(this.commands, dto.repId);
    const orderedAt = businessTime(dto.orderedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, lines: dto.lines.map((l) => ({ ...l })), type: 'RecordOrder', customerId, orderedAt },
      ctx,
      orderedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, result);
  }

  @Post(':id/orders/:orderId/cancel')
  @ApiCommand({
    summary: 'OrderCancelled appended (409 ORDER_ALREADY_CANCELLED or ORDER_HAS_PAYMENTS)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or order',
  })
  async cancelOrder(
    @Param('id', ID_PARAM) customerId: string,
    @Param('orderId', ORDER_ID) orderId: string,
    @Body() dto: CancelOrderDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const cancelledAt = businessTime(dto.cancelledAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'CancelOrder', customerId, orderId, cancelledAt },
      ctx,
      cancelledAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, ...result });
  }

  @Post(':id/payments')
  @ApiCommand({
    summary:
      'PaymentReceived appended (409 PAYMENT_EXCEEDS_OUTSTANDING, ORDER_CANCELLED or PAYMENT_ALREADY_RECORDED)',
    type: CustomerCommandResult,
    notFound: 'Unknown customer or order',
  })
  async recordPayment(
    @Param('id', ID_PARAM) customerId: string,
    @Body() dto: RecordPaymentDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const paymentId = dto.paymentId ?? aggregateIdFor(ctx.commandId, 'payment');
    const receivedAt = businessTime(dto.receivedAt);
    const result = await this.commands.handle(
      customerDecider,
      streams.customer(customerId),
      { ...dto, type: 'RecordPayment', customerId, paymentId, receivedAt },
      ctx,
      receivedAt,
      customerAccess(ctx.principal),
    );
    sendCommandResult(reply, { customerId, paymentId, ...result });
  }
}
