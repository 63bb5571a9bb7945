import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '@crm/events';
import { IsBusinessTime, IsEntityId, IsMoney, IsText } from '../../shared/validators';

export class OpenOpportunityDto {
  @IsEntityId(
    'Opportunity id, opened once; derived from the Idempotency-Key when omitted',
    'opp-2026-17',
    false,
  )
  opportunityId?: string;

  @IsEntityId('Rep pursuing it (must exist)', 'rep-12', false)
  repId?: string;

  @IsText(200, 'What the opportunity is about', 'Spring restock of 55" televisions')
  title!: string;

  @IsMoney('Expected amount (above zero)', '45000.00')
  expectedAmount!: string;

  @ApiProperty({ enum: OPPORTUNITY_STAGES, example: 'qualification' })
  @IsIn(OPPORTUNITY_STAGES)
  stage!: OpportunityStage;

  @ApiPropertyOptional({
    description: 'Expected close date (YYYY-MM-DD)',
    example: '2027-02-28',
    format: 'date',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  expectedCloseDate?: string;

  @IsBusinessTime('When it was opened (default: now)', '2026-11-07T10:00:00Z', false)
  openedAt?: string;
}
