import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChannelsService } from './channels.service';
import { ChannelsQuery } from './dto/channels.query';
import { ChannelsView } from './dto/channels.view';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../../access/analytics-scope';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOkResponse({
    type: ChannelsView,
    description:
      'Contact cost per contact channel and revenue per sales channel, by customer class and type. A ' +
      "manager sees only customers now in their regions (the customer's current region: the channel " +
      'read model keeps none of its own)',
  })
  @ApiBadRequestResponse({ description: 'A malformed date or from after to' })
  @ApiForbiddenResponse({ description: 'A rep (analytics are for managers and admins)' })
  async channelEconomics(
    @Query() query: ChannelsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChannelsView> {
    return this.channels.query(query.from, query.to, analyticsRegionsOf(principal));
  }
}
