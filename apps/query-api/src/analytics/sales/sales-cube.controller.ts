import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SalesCubeQuery } from './dto/sales-cube.query';
import { SalesCubeView } from './dto/sales-cube.view';
import { SalesCubeService } from './sales-cube.service';
import { Roles } from '@crm/platform';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/sales')
export class SalesCubeController {
  constructor(private readonly cube: SalesCubeService) {}

  @Get()
  @ApiOkResponse({
    type: SalesCubeView,
    description: 'Net sales by the chosen dimensions: quantity, amount, cost, gross margin, margin rate',
  })
  @ApiBadRequestResponse({ description: 'A malformed date, from after to, or an unknown groupBy dimension' })
  async sales(@Query() query: SalesCubeQuery): Promise<SalesCubeView> {
    return this.cube.query(query.from, query.to, query.groupBy ?? []);
  }
}
