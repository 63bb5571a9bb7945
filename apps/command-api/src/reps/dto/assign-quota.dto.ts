import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsMoney, IsText } from '../../shared/validators';

export class CategoryTargetDto {
  @IsText(100, 'Product category', 'televisions')
  category!: string;

  @IsMoney('Target amount for the category', '50000.00')
  targetAmount!: string;

  @ApiProperty({ example: 60, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  targetVolume!: number;
}

export class AssignQuotaDto {
  @ApiProperty({ description: 'A month (YYYY-MM) or a quarter (YYYY-Qn)', example: '2026-Q4' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { message: 'period must be YYYY-MM or YYYY-Qn' })
  period!: string;

  @IsMoney('Target revenue for the period', '120000.00')
  targetAmount!: string;

  @ApiProperty({ description: 'Target volume (units) for the period', example: 150, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  targetVolume!: number;

  @ApiPropertyOptional({ type: [CategoryTargetDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CategoryTargetDto)
  categoryTargets?: CategoryTargetDto[];

  @ApiPropertyOptional({
    description: 'Supersede the quota already assigned for this period',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  correction?: boolean;
}
