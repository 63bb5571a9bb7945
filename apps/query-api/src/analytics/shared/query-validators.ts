import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsISO8601,
  IsOptional,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

/** A calendar day "YYYY-MM-DD" (UTC), checked to exist (no 2026-02-30). */
export const IsDay = (description: string, example: string, required: boolean) =>
  applyDecorators(
    required
      ? ApiProperty({ description, example, format: 'date' })
      : ApiPropertyOptional({ description, example, format: 'date' }),
    ...(required ? [] : [IsOptional()]),
    Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be an existing calendar date' }),
  );

/** A month "YYYY-MM" or a quarter "YYYY-Qn". */
export const IsPeriod = (description: string) =>
  applyDecorators(
    ApiProperty({ description, example: '2026-11', pattern: PERIOD_PATTERN.source }),
    Matches(PERIOD_PATTERN, { message: '$property must be a month YYYY-MM or a quarter YYYY-Qn' }),
  );

/** An optional instant (ISO-8601 date-time with a zone). */
export const IsInstant = (description: string, example: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example, format: 'date-time' }),
    IsOptional(),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO-8601 date-time' },
    ),
    Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: '$property must carry a time zone (e.g. Z)' }),
  );

@ValidatorConstraint({ name: 'notBefore' })
class NotBeforeConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [other] = args.constraints as [string];
    const start = (args.object as Record<string, unknown>)[other];
    // Both are YYYY-MM-DD when valid, so text order is date order; a malformed one fails on its own.
    if (typeof value !== 'string' || typeof start !== 'string') return true;
    if (!DATE_PATTERN.test(value) || !DATE_PATTERN.test(start)) return true;
    return value >= start;
  }
  defaultMessage(args: ValidationArguments): string {
    return `$property must not be before ${(args.constraints as [string])[0]}`;
  }
}

/** The day must not be before the day in `property` (a range's end after its start). */
export const IsNotBefore = (property: string) => Validate(NotBeforeConstraint, [property]);

/** Days of a range as the half-open instant interval the SQL filters use: [from 00:00Z, to + 1 day 00:00Z). */
export const dayRange = (from: string, to: string): { start: string; end: string } => {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: `${from}T00:00:00.000Z`, end: end.toISOString() };
};
