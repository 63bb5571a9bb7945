import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant, IsPeriod } from '../../shared/query-validators';

export class ContactComplianceQuery {
  @IsPeriod('The plan period: a month YYYY-MM or a quarter YYYY-Qn') period!: string;

  @ApiPropertyOptional({ example: 'rep-12' }) @IsOptional() @IsString() @MaxLength(64) repId?: string;

  @ApiPropertyOptional({
    example: 'east',
    description: "The customers' current region; a manager may name only one of their regions (else 403)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @IsInstant('Instant the live ABC classes are taken at (default: now)', '2026-11-30T00:00:00Z')
  asOf?: string;
}
