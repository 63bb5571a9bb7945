import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AsOfQuery } from './as-of.query';

export class ParetoQuery extends AsOfQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 1000, description: 'Points on the curve' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  points?: number;
}
