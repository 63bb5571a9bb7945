import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsObject, IsPositive, Max, ValidateNested } from 'class-validator';
import { ABC_MEASURES, type AbcMeasure } from '@crm/events';
import { IsBusinessTime, IsIntIn, IsText } from '../../shared/validators';

const MAX_DAYS = 10_000;

/** A percentage above 0 and at most 100 (fractions allowed); the domain checks aPercent < abPercent. */
const IsPercent = (description: string, example: number) =>
  applyDecorators(
    ApiProperty({ description, example, minimum: 0, exclusiveMinimum: true, maximum: 100 }),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    IsPositive(),
    Max(100),
  );

export class AbcPolicyDto {
  @ApiProperty({ enum: ABC_MEASURES, example: 'revenue', description: 'What customers are ranked by' })
  @IsIn(ABC_MEASURES)
  measure!: AbcMeasure;

  @IsIntIn(1, 120, 'Window in months before the as-of date', 12)
  windowMonths!: number;

  @IsPercent('Share of customers in class A, in percent (above 0, below abPercent)', 5)
  aPercent!: number;

  @IsPercent('Share of customers in classes A and B together, in percent (at most 100)', 20)
  abPercent!: number;
}

export class LifecyclePolicyDto {
  @IsIntIn(1, MAX_DAYS, 'A first order at most this many days old makes a customer "new"', 90)
  newWithinDays!: number;

  @IsIntIn(1, MAX_DAYS, 'No order for longer than this: "at_risk"', 90)
  atRiskAfterDays!: number;

  @IsIntIn(2, MAX_DAYS, 'No order for longer than this (above atRiskAfterDays): "dormant"', 180)
  dormantAfterDays!: number;
}

export class RfmPolicyDto {
  @IsIntIn(2, 10, 'Buckets (quantiles) per R, F and M score', 5)
  buckets!: number;
}

/** The whole new policy; it becomes the live one with the next version. */
export class ChangeSegmentationPolicyDto {
  @ApiProperty({ type: AbcPolicyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AbcPolicyDto)
  abc!: AbcPolicyDto;

  @ApiProperty({ type: LifecyclePolicyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LifecyclePolicyDto)
  lifecycle!: LifecyclePolicyDto;

  @ApiProperty({ type: RfmPolicyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RfmPolicyDto)
  rfm!: RfmPolicyDto;

  @IsText(500, 'Why the policy changes (audited)', 'margin matters more than revenue this year', false)
  reason?: string;

  @IsBusinessTime('When the policy takes effect (default: now)', '2027-01-01T00:00:00Z', false)
  changedAt?: string;
}
