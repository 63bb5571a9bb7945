import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ScorecardQuery } from './dto/scorecard.query';
import { RepScorecardView } from './dto/scorecard.view';
import { RepScorecardService } from './rep-scorecard.service';
import { RepReadGuard } from '../access/rep-read.guard';

@ApiTags('reps')
@Controller('reps')
export class RepScorecardController {
  constructor(private readonly scorecards: RepScorecardService) {}

  @Get(':id/scorecard')
  @UseGuards(RepReadGuard)
  @ApiOkResponse({
    type: RepScorecardView,
    description:
      'Quota attainment (amount, volume, price realisation), visits and contact cost in the period, ' +
      'owned customers by live class, pipeline, and receivables of the owned customers',
  })
  @ApiBadRequestResponse({ description: 'A malformed period or asOf' })
  @ApiNotFoundResponse({ description: 'No such rep (or not projected yet)' })
  async scorecard(@Param('id') repId: string, @Query() query: ScorecardQuery): Promise<RepScorecardView> {
    return this.scorecards.scorecard(repId, query.period, query.asOf);
  }
}
