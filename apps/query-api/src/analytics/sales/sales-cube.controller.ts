import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SalesCubeQuery } from './dto/sales-cube.query';
import { SalesCubeView } from './dto/sales-cube.view';
import { SalesCubeService } from './sales-cube.service';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../../access/analytics-scope';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/sales')
export class SalesCubeController {
  constructor(private readonly cube: SalesCubeService) {}

  @Get()
  @ApiOkResponse({
    type: SalesCubeView,
    description:
      'Net sales by the chosen dimensions: quantity, amount, cost, gross margin, margin rate. A manager ' +
      'sees only the lines sold while the customer was in one of their regions (region at order time)',
  })
  @ApiBadRequestResponse({ description: 'A malformed date, from after to, or an unknown groupBy dimension' })
  @ApiForbiddenResponse({ description: 'A rep (analytics are for managers and admins)' })
  async sales(
    @Query() query: SalesCubeQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SalesCubeView> {
    return this.cube.query(query.from, query.to, query.groupBy ?? [], analyticsRegionsOf(principal));
  }
}
