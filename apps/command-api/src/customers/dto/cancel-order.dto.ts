import { IsBusinessTime, IsText } from '../../shared/validators';

export class CancelOrderDto {
  @IsText(500, 'Why the order is cancelled', 'customer withdrew before delivery')
  reason!: string;

  @IsBusinessTime('When it was cancelled (default: now)', '2026-11-08T10:00:00Z', false)
  cancelledAt?: string;
}
