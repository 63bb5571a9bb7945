import { IsBusinessTime, IsEntityId, IsText } from '../../shared/validators';

export class AssignCustomerOwnerDto {
  @IsEntityId('Rep who owns the customer from now on (must exist)', 'rep-12')
  repId!: string;

  @IsText(500, 'Why ownership moves', 'territory split after the east office opened')
  reason!: string;

  @IsBusinessTime('When ownership moves (default: now)', '2026-11-06T09:00:00Z', false)
  assignedAt?: string;
}
