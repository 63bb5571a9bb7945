import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CONTACT_CHANNELS, CUSTOMER_TYPES, type ContactChannel, type CustomerType } from '@crm/events';
import { IsBusinessTime, IsEntityId, IsText } from '../../shared/validators';

/** The profile fields to set; absent fields stay as they are. Only changed values are recorded. */
export class UpdateCustomerProfileDto {
  @IsText(200, 'Customer name', 'Golden Harvest Trading Co.', false)
  name?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TYPES, example: 'direct' })
  @IsOptional()
  @IsIn(CUSTOMER_TYPES)
  type?: CustomerType;

  @IsText(100, 'Sales region', 'north', false)
  region?: string;

  @IsText(100, 'Industry', 'consumer electronics', false)
  industry?: string;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, example: 'phone' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  preferredChannel?: ContactChannel;

  @IsText(100, 'Where the customer came from', 'referral', false)
  source?: string;

  @IsEntityId('Partner (distributor) serving this customer', 'partner-7', false)
  partnerId?: string;

  @IsBusinessTime('When the profile changed (default: now)', '2026-11-05T09:00:00Z', false)
  updatedAt?: string;
}
