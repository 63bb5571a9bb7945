import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { MONEY_PATTERN } from '@crm/events';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** An identifier chosen by the client: letters, digits, `_ . : -`, at most 64 characters. */
export const IsEntityId = (description: string, example: string, required = true) =>
  applyDecorators(
    required ? ApiProperty({ description, example }) : ApiPropertyOptional({ description, example }),
    ...(required ? [] : [IsOptional()]),
    IsString(),
    Matches(ID_PATTERN, {
      message: '$property must be 1–64 letters, digits or _ . : - (starting with a letter or digit)',
    }),
  );

/** Required or optional free text, trimmed length 1..max. */
export const IsText = (max: number, description: string, example: string, required = true) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example, maxLength: max })
      : ApiPropertyOptional({ description, example, maxLength: max }),
    ...(required ? [] : [IsOptional()]),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
  );

/** Money as a decimal string with at most two fraction digits: never a binary float. */
export const IsMoney = (description: string, example: string, required = true) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example, type: String, pattern: MONEY_PATTERN.source })
      : ApiPropertyOptional({ description, example, type: String, pattern: MONEY_PATTERN.source }),
    ...(required ? [] : [IsOptional()]),
    Matches(MONEY_PATTERN, {
      message:
        '$property must be a non-negative decimal string with at most two fraction digits, e.g. "12.50"',
    }),
  );

@ValidatorConstraint({ name: 'businessTime' })
class BusinessTimeRange implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const time = Date.parse(value);
    return Number.isFinite(time) && time >= Date.UTC(1900, 0, 1) && time < Date.UTC(2200, 0, 1);
  }
  defaultMessage(): string {
    return '$property must be a date-time between 1900 and 2200';
  }
}

/** A business time: ISO-8601 date-time with a zone, in a plausible range. */
export const IsBusinessTime = (description: string, example: string, required = true) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example, format: 'date-time' })
      : ApiPropertyOptional({ description, example, format: 'date-time' }),
    ...(required ? [] : [IsOptional()]),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO-8601 date-time' },
    ),
    Validate(BusinessTimeRange),
  );

/** A list of short texts (each non-blank, at most `maxLength`), between `minItems` and `maxItems`. */
export const IsTextList = (
  options: { minItems: number; maxItems: number; maxLength: number },
  description: string,
  example: string[],
  required = true,
) =>
  applyDecorators(
    required
      ? ApiProperty({
          description,
          example,
          type: [String],
          minItems: options.minItems,
          maxItems: options.maxItems,
        })
      : ApiPropertyOptional({ description, example, type: [String], maxItems: options.maxItems }),
    ...(required ? [] : [IsOptional()]),
    IsArray(),
    ...(options.minItems > 0 ? [ArrayMinSize(options.minItems)] : []),
    ArrayMaxSize(options.maxItems),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(options.maxLength, { each: true }),
  );

/** A whole number in [min, max]. */
export const IsIntIn = (min: number, max: number, description: string, example: number, required = true) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example, type: 'integer', minimum: min, maximum: max })
      : ApiPropertyOptional({ description, example, type: 'integer', minimum: min, maximum: max }),
    ...(required ? [] : [IsOptional()]),
    IsInt(),
    Min(min),
    Max(max),
  );
