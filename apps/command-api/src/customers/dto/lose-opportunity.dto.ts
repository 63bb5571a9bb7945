import { IsBusinessTime, IsText } from '../../shared/validators';

export class LoseOpportunityDto {
  @IsText(500, 'Why it was lost', 'price 8% above the competitor')
  reason!: string;

  @IsText(200, 'Competitor that won it, when known', 'Rival Electronics', false)
  lostTo?: string;

  @IsBusinessTime('When it was lost (default: now)', '2026-12-01T10:00:00Z', false)
  lostAt?: string;
}
