import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { receivables } from '@crm/read-models';
import { ReceivablesQuery } from './dto/receivables.query';
import { ReceivablesView } from './dto/receivables.view';
import { asOfOrNow } from './http/field-error';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../access/analytics-scope';

@ApiTags('receivables')
@Roles('manager', 'admin')
@Controller('analytics')
export class ReceivablesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('receivables')
  @ApiOkResponse({
    type: ReceivablesView,
    description:
      'Outstanding (ordered − paid, live orders) by customer, rep or region, aged 0–30, 31–60, 61–90 and ' +
      'over 90 days at asOf; orders after asOf are left out, payments and cancellations are as known now. ' +
      "A manager sees only the orders of customers now in their regions (the customer's current region)",
  })
  @ApiForbiddenResponse({ description: 'A rep (analytics are for managers and admins)' })
  async receivables(
    @Query() query: ReceivablesQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReceivablesView> {
    const asOf = asOfOrNow(query.asOf);
    const by = query.by ?? 'region';
    const regions = analyticsRegionsOf(principal);
    const report = await receivables(this.db, asOf, by, query.limit ?? 100, regions);
    return { asOf: asOf.toISOString(), by, ...report };
  }
}
