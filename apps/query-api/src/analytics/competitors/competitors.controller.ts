import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CompetitorsService } from './competitors.service';
import { CompetitorsQuery } from './dto/competitors.query';
import { CompetitorsView } from './dto/competitors.view';
import { Roles } from '@crm/platform';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/competitors')
export class CompetitorsController {
  constructor(private readonly competitors: CompetitorsService) {}

  @Get()
  @ApiOkResponse({
    type: CompetitorsView,
    description: 'Competitor feedback: count, average rating, last comment; and a monthly trend',
  })
  @ApiBadRequestResponse({ description: 'A malformed date or from after to' })
  async competitorFeedback(@Query() query: CompetitorsQuery): Promise<CompetitorsView> {
    return this.competitors.query(query);
  }
}
