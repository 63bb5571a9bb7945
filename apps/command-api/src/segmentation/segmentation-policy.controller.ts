import { Body, Controller, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { segmentationPolicyDecider } from '@crm/domain';
import { streams } from '@crm/events';
import { CommandHandler } from '../application/command-handler.service';
import type { CommandContext } from '../application/command-context';
import { ApiCommand, ApiCommandHeaders } from '../shared/api-command.decorator';
import { businessTime } from '../shared/business-time';
import { CommandCtx } from '../shared/command-context.decorator';
import { sendCommandResult } from '../shared/command-reply';
import { Roles } from '@crm/platform';
import { ANY_ROLE_ALLOWED } from '../application/stream-access';
import { ChangeSegmentationPolicyDto } from './dto/change-segmentation-policy.dto';

@ApiTags('segmentation')
@ApiCommandHeaders()
@Roles('admin')
@Controller('segmentation-policy')
export class SegmentationPolicyController {
  constructor(private readonly commands: CommandHandler) {}

  @Put()
  @ApiCommand({ summary: 'SegmentationPolicyChanged appended with the next version' })
  async changePolicy(
    @Body() dto: ChangeSegmentationPolicyDto,
    @CommandCtx() ctx: CommandContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const changedAt = businessTime(dto.changedAt);
    const { abc, lifecycle, rfm, reason } = dto;
    const result = await this.commands.handle(
      segmentationPolicyDecider,
      streams.segmentationPolicy(),
      {
        type: 'ChangeSegmentationPolicy',
        abc: { ...abc },
        lifecycle: { ...lifecycle },
        rfm: { ...rfm },
        reason,
        changedAt,
      },
      ctx,
      changedAt,
      ANY_ROLE_ALLOWED,
    );
    sendCommandResult(reply, result);
  }
}
