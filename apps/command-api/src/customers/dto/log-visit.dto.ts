import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CONTACT_CHANNELS, type ContactChannel } from '@crm/events';
import { IsBusinessTime, IsEntityId, IsMoney, IsText } from '../../shared/validators';

export class LogVisitDto {
  @IsEntityId('Visit id; derived from the Idempotency-Key when omitted', 'visit-501', false)
  visitId?: string;

  @IsEntityId('Rep who made the contact', 'rep-12')
  repId!: string;

  @IsEntityId('Contact person met', 'person-3', false)
  contactPersonId?: string;

  @ApiProperty({ enum: CONTACT_CHANNELS, example: 'onsite' })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @IsText(50, 'Kind of activity', 'product demo')
  activityType!: string;

  @IsText(500, 'Purpose of the contact', 'present the spring catalogue', false)
  purpose?: string;

  @IsText(1000, 'Outcome', 'asked for a quote on 200 units', false)
  outcome?: string;

  @IsMoney('Cost of the contact', '35.00')
  cost!: string;

  @IsBusinessTime('When the contact happened', '2026-11-03T14:30:00Z')
  visitedAt!: string;
}
