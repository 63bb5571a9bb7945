import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDay, IsNotBefore } from '../../shared/query-validators';

export class CompetitorsQuery {
  @IsDay('First day (UTC, inclusive); default: the beginning', '2026-01-01', false) from?: string;

  @IsDay('Last day (UTC, inclusive); default: no end', '2026-12-31', false)
  @IsNotBefore('from')
  to?: string;

  @ApiPropertyOptional({
    example: 'east',
    description:
      "The customer's region when the feedback was heard; a manager may name only one of their regions (else 403)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
}
