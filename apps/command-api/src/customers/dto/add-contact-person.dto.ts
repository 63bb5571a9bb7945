import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { IsBusinessTime, IsEntityId, IsText } from '../../shared/validators';

export class AddContactPersonDto {
  @IsEntityId(
    'Contact person id, unique per customer; derived from the Idempotency-Key when omitted',
    'person-3',
    false,
  )
  contactPersonId?: string;

  @IsText(200, 'Name of the person', 'Zhang Min')
  name!: string;

  @IsText(100, 'Role at the customer', 'purchasing manager', false)
  role?: string;

  @IsText(50, 'Phone number', '+86 21 5555 0101', false)
  phone?: string;

  @ApiPropertyOptional({
    description: 'E-mail address',
    example: 'zhang.min@goldenharvest.example',
    maxLength: 254,
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsBusinessTime('When the person was added (default: now)', '2026-11-06T09:30:00Z', false)
  addedAt?: string;
}
