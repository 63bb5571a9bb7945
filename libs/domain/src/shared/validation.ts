import { invalid } from './domain-error';

/**
 * Input checks shared by the deciders. Each throws an `invalid` DomainError naming the field,
 * and returns the value as the event should carry it.
 */

/** A required identifier: a non-blank string, kept verbatim (it names streams and rows). */
export const requireId = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('REQUIRED', `${field} is required`, field);
  }
  return value;
};

/** An optional identifier: absent, or a non-blank string kept verbatim. */
export const optionalId = (value: unknown, field: string): string | undefined =>
  value === undefined || value === null ? undefined : requireId(value, field);

/** Required free text: trimmed, must not be empty. */
export const requireText = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('REQUIRED', `${field} must not be empty`, field);
  }
  return value.trim();
};

/** Optional free text: trimmed; blank counts as absent. */
export const optionalText = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid('INVALID_VALUE', `${field} must be text`, field);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** One of a closed set of values. */
export const requireOneOf = <T extends string>(value: unknown, allowed: readonly T[], field: string): T => {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid('INVALID_VALUE', `${field} must be one of ${allowed.join(', ')}`, field);
  }
  return value as T;
};

export const optionalOneOf = <T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T | undefined => (value === undefined || value === null ? undefined : requireOneOf(value, allowed, field));

/** A positive safe integer (1, 2, … 2^53 − 1). */
export const requirePositiveInteger = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid('INVALID_QUANTITY', `${field} must be a positive integer`, field);
  }
  return value;
};

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO-8601 date-time with an explicit zone ('Z' or ±hh:mm), e.g. "2024-03-01T09:30:00Z".
 * Checked against the calendar (no 30 February); kept verbatim.
 */
export const requireTimestamp = (value: unknown, field: string): string => {
  const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (match === null || !isRealDateTime(match)) {
    throw invalid(
      'INVALID_TIMESTAMP',
      `${field} must be an ISO-8601 date-time with a zone, e.g. 2024-03-01T09:30:00Z`,
      field,
    );
  }
  return value as string;
};

const isRealDateTime = (match: RegExpExecArray): boolean => {
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
};

const daysInMonth = (year: number, month: number): number => {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
};

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** An integer in [min, max] (inclusive). */
export const requireIntegerInRange = (value: unknown, min: number, max: number, field: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid('OUT_OF_RANGE', `${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An optional calendar date "YYYY-MM-DD" (no 30 February); kept verbatim. */
export const optionalDate = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const [year, month, day] = (match?.slice(1) ?? []).map(Number);
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid('INVALID_DATE', `${field} must be a calendar date YYYY-MM-DD`, field);
  }
  return value as string;
};

/**
 * A list of free-text entries: each trimmed and non-empty, duplicates dropped (first occurrence
 * kept, in order). Absent counts as an empty list.
 */
export const textList = (value: unknown, field: string): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('INVALID_VALUE', `${field} must be a list`, field);
  const entries = value.map((entry, index) => requireText(entry, `${field}[${index}]`));
  return [...new Set(entries)];
};
