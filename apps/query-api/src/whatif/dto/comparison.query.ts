import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const AS_OF = {
  format: 'date-time',
  example: '1998-07-01T00:00:00Z',
  description: 'Classes and stages at this instant (default: now)',
};

export class ComparisonQuery {
  @ApiPropertyOptional(AS_OF)
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'asOf must be an ISO-8601 date-time' })
  asOf?: string;
}

const CLASSES = ['A', 'B', 'C', 'none'];

export class MoversQuery extends ComparisonQuery {
  @ApiPropertyOptional({ enum: ['class', 'stage', 'any'], description: 'What must differ (default any)' })
  @IsOptional()
  @IsIn(['class', 'stage', 'any'])
  kind?: 'class' | 'stage' | 'any';

  @ApiPropertyOptional({ enum: CLASSES, description: 'Class under the live policy' })
  @IsOptional()
  @IsIn(CLASSES)
  fromClass?: string;

  @ApiPropertyOptional({ enum: CLASSES, description: 'Class under the candidate' })
  @IsOptional()
  @IsIn(CLASSES)
  toClass?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500, description: 'Default 50' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
