import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsPositive, Max, Min, ValidateNested } from 'class-validator';
import { ABC_MEASURES, type AbcMeasure } from '@crm/events';

const MAX_DAYS = 10_000;

export class CandidateAbcDto {
  @ApiProperty({ enum: ABC_MEASURES, example: 'revenue' })
  @IsIn(ABC_MEASURES)
  measure!: AbcMeasure;

  @ApiProperty({
    example: 12,
    minimum: 1,
    maximum: 120,
    description: 'Window in months before the as-of date',
  })
  @IsInt()
  @Min(1)
  @Max(120)
  windowMonths!: number;

  @ApiProperty({
    example: 10,
    description: 'Share of customers in class A, percent (above 0, below abPercent)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  aPercent!: number;

  @ApiProperty({ example: 30, description: 'Share of customers in A and B together, percent (at most 100)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  abPercent!: number;
}

export class CandidateLifecycleDto {
  @ApiProperty({ example: 90, minimum: 1, maximum: MAX_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_DAYS)
  newWithinDays!: number;

  @ApiProperty({ example: 60, minimum: 1, maximum: MAX_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_DAYS)
  atRiskAfterDays!: number;

  @ApiProperty({ example: 120, minimum: 2, maximum: MAX_DAYS, description: 'Above atRiskAfterDays' })
  @IsInt()
  @Min(2)
  @Max(MAX_DAYS)
  dormantAfterDays!: number;
}

export class CandidateRfmDto {
  @ApiProperty({ example: 5, minimum: 2, maximum: 10 })
  @IsInt()
  @Min(2)
  @Max(10)
  buckets!: number;
}

/** A segmentation policy, as SegmentationPolicyChanged carries it; the domain checks the cross-field rules. */
export class CandidatePolicyDto {
  @ApiProperty({ type: CandidateAbcDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CandidateAbcDto)
  abc!: CandidateAbcDto;

  @ApiProperty({ type: CandidateLifecycleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CandidateLifecycleDto)
  lifecycle!: CandidateLifecycleDto;

  @ApiProperty({ type: CandidateRfmDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CandidateRfmDto)
  rfm!: CandidateRfmDto;
}
