import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abcSummary, paretoCurve } from '@crm/read-models';
import { AsOfQuery } from './dto/as-of.query';
import { ParetoQuery } from './dto/pareto.query';
import { AbcView, ParetoView } from './dto/abc.view';
import { asOfOrNow } from './http/field-error';
import { Roles } from '@crm/platform';
import { storedAbcSummary } from '../customers/abc-ranking';

@ApiTags('segmentation')
@Roles('manager', 'admin')
@Controller('analytics')
export class SegmentationController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('abc')
  @ApiOkResponse({
    type: AbcView,
    description:
      'ABC classes with the live policy: window [asOf − windowMonths, asOf) UTC, N = customers registered ' +
      'before asOf, A = ranks 1..ceil(a% · N), B up to ceil(ab% · N); cancelled orders never count. ' +
      'Company-wide for managers too: a rank is among all customers by definition',
  })
  async abc(@Query() query: AsOfQuery): Promise<AbcView> {
    // Without asOf: the summary stored with the ranking, as of its rankedAt (see abc-ranking.ts).
    const stored = query.asOf ? null : await storedAbcSummary(this.db, new Date());
    const asOf = stored ? stored.rankedAt : asOfOrNow(query.asOf);
    const s = stored ? stored.summary : await abcSummary(this.db, asOf);
    return {
      asOf: asOf.toISOString(),
      policyVersion: s.policyVersion,
      measure: s.measure,
      windowMonths: s.windowMonths,
      windowStart: new Date(s.windowStart).toISOString(),
      population: s.population,
      totalMeasure: s.totalMeasure,
      totalRevenue: s.totalRevenue,
      classes: s.classes,
    };
  }

  @Get('pareto')
  @ApiOkResponse({
    type: ParetoView,
    description:
      'Share of the ABC measure held by the top share of customers. Company-wide for managers too: ' +
      'the curve ranks all customers by definition',
  })
  async pareto(@Query() query: ParetoQuery): Promise<ParetoView> {
    const asOf = asOfOrNow(query.asOf);
    const curve = await paretoCurve(this.db, asOf, query.points ?? 20);
    return { asOf: asOf.toISOString(), ...curve };
  }
}
