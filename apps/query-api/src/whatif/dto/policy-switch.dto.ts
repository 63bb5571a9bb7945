import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Promote or roll back: why, and when the change takes effect (business time; default now). */
export class PolicySwitchDto {
  @ApiPropertyOptional({ example: 'A and B widened after the Q3 review', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'Default: now' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'changedAt must be an ISO-8601 date-time' })
  changedAt?: string;
}
