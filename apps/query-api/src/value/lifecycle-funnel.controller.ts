import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FunnelQuery } from './dto/funnel.query';
import { FunnelView } from './dto/funnel.view';
import { asOfOrNow, fieldError } from './http/field-error';
import { lifecycleFunnel, LIVE_VALUE_SCHEMA } from '@crm/read-models';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../access/analytics-scope';

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
};

@ApiTags('segmentation')
@Roles('manager', 'admin')
@Controller('analytics')
export class LifecycleFunnelController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('funnel')
  @ApiOkResponse({
    type: FunnelView,
    description:
      'Per month (UTC): customers entering each lifecycle stage. A manager counts only the customers ' +
      'now in their regions',
  })
  @ApiForbiddenResponse({ description: 'A rep (analytics are for managers and admins)' })
  @ApiBadRequestResponse({
    description: 'from/to missing or malformed, to before from, or more than 120 months',
  })
  async funnel(@Query() query: FunnelQuery, @CurrentPrincipal() principal: Principal): Promise<FunnelView> {
    const span = monthIndex(query.to) - monthIndex(query.from);
    if (span < 0) throw fieldError('to', 'to must not be before from');
    if (span >= 120) throw fieldError('to', 'at most 120 months per request');
    const asOf = asOfOrNow(query.asOf);
    const regions = analyticsRegionsOf(principal);
    const months = await lifecycleFunnel(this.db, query.from, query.to, asOf, LIVE_VALUE_SCHEMA, regions);
    return { from: query.from, to: query.to, asOf: asOf.toISOString(), months };
  }
}
