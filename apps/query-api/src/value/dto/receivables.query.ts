import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RECEIVABLES_GROUPINGS, type ReceivablesGrouping } from '@crm/read-models';
import { AsOfQuery } from './as-of.query';

export class ReceivablesQuery extends AsOfQuery {
  @ApiPropertyOptional({ enum: RECEIVABLES_GROUPINGS, default: 'region' })
  @IsOptional()
  @IsIn(RECEIVABLES_GROUPINGS)
  by?: ReceivablesGrouping;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000, description: 'Largest groups first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
