import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AuditFilterQuery } from './audit-filter.query';

export const AUDIT_PAGE_MAX = 1000;

/** One page of the audit search. */
export class AuditSearchQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: AUDIT_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'nextCursor of the previous page (the global position of its last event), same filters and order',
    example: '1042',
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor is not one this API issued' })
  cursor?: string;
}
