import { IsInstant, IsPeriod } from '../../analytics/shared/query-validators';

export class ScorecardQuery {
  @IsPeriod('The period: a month YYYY-MM or a quarter YYYY-Qn') period!: string;

  @IsInstant(
    'Instant the live ABC classes of the owned customers are taken at (default: now)',
    '2026-11-30T00:00:00Z',
  )
  asOf?: string;
}
