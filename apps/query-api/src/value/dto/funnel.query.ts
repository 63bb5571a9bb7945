import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class FunnelQuery {
  @ApiProperty({ example: '2026-01', description: 'First month (UTC), YYYY-MM' })
  @Matches(MONTH, { message: 'from must be a month YYYY-MM' })
  from!: string;

  @ApiProperty({
    example: '2026-12',
    description: 'Last month (UTC), YYYY-MM, inclusive; at most 120 months after from',
  })
  @Matches(MONTH, { message: 'to must be a month YYYY-MM' })
  to!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Transitions after this instant have not happened yet (default: now)',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'asOf must be an ISO-8601 date-time' })
  asOf?: string;
}
