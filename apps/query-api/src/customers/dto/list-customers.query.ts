import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListCustomersQuery {
  @ApiPropertyOptional({ example: 'east' }) @IsOptional() @IsString() @MaxLength(100) region?: string;

  @ApiPropertyOptional({ enum: ['retail', 'direct', 'distributor'] })
  @IsOptional()
  @IsIn(['retail', 'direct', 'distributor'])
  type?: string;

  @ApiPropertyOptional({ enum: ['prospect', 'new', 'active'] })
  @IsOptional()
  @IsIn(['prospect', 'new', 'active'])
  stage?: string;

  @ApiPropertyOptional({ description: 'Text to find in the name or external id', example: 'harvest' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not one this API issued' })
  cursor?: string;
}
