import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CompetitorsService } from './competitors.service';
import { CompetitorsQuery } from './dto/competitors.query';
import { CompetitorsView } from './dto/competitors.view';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../../access/analytics-scope';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/competitors')
export class CompetitorsController {
  constructor(private readonly competitors: CompetitorsService) {}

  @Get()
  @ApiOkResponse({
    type: CompetitorsView,
    description:
      'Competitor feedback: count, average rating, last comment; and a monthly trend. A manager sees ' +
      "only the feedback heard in their regions (the customer's region when it was heard)",
  })
  @ApiBadRequestResponse({ description: 'A malformed date or from after to' })
  @ApiForbiddenResponse({
    description:
      'A rep, or a manager whose `region` filter is not one of their regions (OUTSIDE_YOUR_REGION)',
  })
  async competitorFeedback(
    @Query() query: CompetitorsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CompetitorsView> {
    const regions = analyticsRegionsOf(principal, { field: 'region', region: query.region });
    return this.competitors.query(query, regions);
  }
}
