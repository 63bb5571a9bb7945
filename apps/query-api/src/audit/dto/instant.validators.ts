import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** A calendar day, or a date-time that carries its zone (never the server's local time). */
const DAY_OR_ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}(T[^ ]+(Z|[+-]\d{2}(:?\d{2})?))?$/;

/**
 * An optional point in time: `YYYY-MM-DD` (00:00 UTC that day, as GET /customers/{id}?asOf=
 * reads it) or an ISO-8601 date-time with a zone.
 */
export const IsPointInTime = (description: string, example: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example, format: 'date-time' }),
    IsOptional(),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO-8601 date or date-time' },
    ),
    Matches(DAY_OR_ZONED_INSTANT, {
      message: '$property must be a date YYYY-MM-DD or a date-time with a zone (e.g. Z)',
    }),
  );

/** The instant a validated IsPointInTime value stands for; `fallback` when absent. */
export const pointInTime = (value: string | undefined, fallback: Date): Date =>
  value === undefined ? fallback : new Date(value);
