import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CONTACT_CHANNELS, CUSTOMER_TYPES, type ContactChannel, type CustomerType } from '@crm/events';
import { IsBusinessTime, IsEntityId, IsText } from '../../shared/validators';

export class RegisterCustomerDto {
  @IsEntityId('Customer id; derived from the Idempotency-Key when omitted', 'cust-1001', false)
  customerId?: string;

  @IsText(200, 'Customer name', 'Golden Harvest Trading Co.')
  name!: string;

  @ApiProperty({ enum: CUSTOMER_TYPES, example: 'distributor' })
  @IsIn(CUSTOMER_TYPES)
  type!: CustomerType;

  @IsText(100, 'Sales region', 'east')
  region!: string;

  @IsText(100, 'Industry', 'retail electronics', false)
  industry?: string;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, example: 'onsite' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  preferredChannel?: ContactChannel;

  @IsText(100, 'Where the customer came from', 'trade fair', false)
  source?: string;

  @IsEntityId('Partner (distributor) serving this customer', 'partner-7', false)
  partnerId?: string;

  @IsText(100, 'Id of the customer in the system it came from', '00042', false)
  externalId?: string;

  @IsBusinessTime('When the customer was registered (default: now)', '2026-11-02T09:00:00Z', false)
  registeredAt?: string;
}
