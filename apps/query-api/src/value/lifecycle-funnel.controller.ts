import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { lifecycleFunnel } from '@crm/read-models';
import { FunnelQuery } from './dto/funnel.query';
import { FunnelView } from './dto/funnel.view';
import { asOfOrNow, fieldError } from './http/field-error';
import { Roles } from '@crm/platform';

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
    description: 'Per month (UTC): customers entering each lifecycle stage',
  })
  @ApiBadRequestResponse({
    description: 'from/to missing or malformed, to before from, or more than 120 months',
  })
  async funnel(@Query() query: FunnelQuery): Promise<FunnelView> {
    const span = monthIndex(query.to) - monthIndex(query.from);
    if (span < 0) throw fieldError('to', 'to must not be before from');
    if (span >= 120) throw fieldError('to', 'at most 120 months per request');
    const asOf = asOfOrNow(query.asOf);
    const months = await lifecycleFunnel(this.db, query.from, query.to, asOf);
    return { from: query.from, to: query.to, asOf: asOf.toISOString(), months };
  }
}
