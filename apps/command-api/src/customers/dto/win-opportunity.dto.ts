import { IsBusinessTime, IsEntityId } from '../../shared/validators';

export class WinOpportunityDto {
  @IsEntityId('The customer’s order that realised it, if there is one', 'order-2026-0001', false)
  orderId?: string;

  @IsBusinessTime('When it was won (default: now)', '2026-12-01T10:00:00Z', false)
  wonAt?: string;
}
