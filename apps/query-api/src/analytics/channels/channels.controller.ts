import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChannelsService } from './channels.service';
import { ChannelsQuery } from './dto/channels.query';
import { ChannelsView } from './dto/channels.view';
import { Roles } from '@crm/platform';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOkResponse({
    type: ChannelsView,
    description: 'Contact cost per contact channel and revenue per sales channel, by customer class and type',
  })
  @ApiBadRequestResponse({ description: 'A malformed date or from after to' })
  async channelEconomics(@Query() query: ChannelsQuery): Promise<ChannelsView> {
    return this.channels.query(query.from, query.to);
  }
}
