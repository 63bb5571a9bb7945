import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CandidatePolicyDto } from './candidate-policy.dto';

/** A what-if run: the candidate policy, replayed over the whole log into a shadow schema. */
export class StartWhatIfDto {
  @ApiProperty({ type: CandidatePolicyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CandidatePolicyDto)
  policy!: CandidatePolicyDto;

  @ApiPropertyOptional({ example: '10/30 cut-offs, shorter lifecycle', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({
    example: 1000,
    minimum: 1,
    maximum: 10_000,
    description: 'Events per replay transaction',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  batchSize?: number;
}

export class ResumeWhatIfDto {
  @ApiPropertyOptional({
    example: 1000,
    minimum: 1,
    maximum: 10_000,
    description: 'Events per replay transaction',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  batchSize?: number;
}
