import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CUSTOMER_CLASSES, CUSTOMER_TYPES } from '@crm/events';
import { LIFECYCLE_STAGES } from '@crm/read-models';

export const CUSTOMER_SORTS = ['customerId', 'name', 'revenue', 'lastOrderAt'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export class ListCustomersQuery {
  @ApiPropertyOptional({ example: 'east' }) @IsOptional() @IsString() @MaxLength(100) region?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TYPES })
  @IsOptional()
  @IsIn(CUSTOMER_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: LIFECYCLE_STAGES, description: 'Current lifecycle stage (live policy, now)' })
  @IsOptional()
  @IsIn(LIFECYCLE_STAGES)
  stage?: string;

  @ApiPropertyOptional({
    enum: CUSTOMER_CLASSES,
    description: 'ABC class now (live policy); A = key accounts',
  })
  @IsOptional()
  @IsIn(CUSTOMER_CLASSES)
  class?: string;

  @ApiPropertyOptional({ description: 'Owner rep id', example: 'rep-1' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;

  @ApiPropertyOptional({
    description: 'Text to find in the name or external id (case-insensitive)',
    example: 'harvest',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'customerId' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort?: CustomerSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: 'Customers without orders sort last by lastOrderAt',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same sort and order)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,2000}$/, { message: 'cursor is not one this API issued' })
  cursor?: string;
}
