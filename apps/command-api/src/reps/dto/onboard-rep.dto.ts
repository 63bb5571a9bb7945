import { IsBusinessTime, IsEntityId, IsText } from '../../shared/validators';

export class OnboardRepDto {
  @IsEntityId('Rep id; derived from the Idempotency-Key when omitted', 'rep-12', false)
  repId?: string;

  @IsText(200, 'Rep name', 'Li Wei')
  name!: string;

  @IsText(100, 'Region the rep works in', 'east')
  region!: string;

  @IsEntityId('Manager of the rep', 'mgr-2', false)
  managerId?: string;

  @IsBusinessTime('When the rep started (default: now)', '2026-01-05T08:00:00Z', false)
  onboardedAt?: string;
}
