import Big from 'big.js';
import { MONEY_PATTERN, type Money } from '@crm/events';
import { invalid } from './domain-error';

/**
 * Exact money arithmetic over big.js. Inputs must match MONEY_PATTERN from @crm/events
 * (non-negative, at most 15 integer digits and 2 fraction digits: "12", "12.5", "12.34").
 *
 * Canonical form: every Money this module returns has exactly two fraction digits
 * ("12.50", "3.00", "0.00"). The domain writes money into events in that form only, so equal
 * amounts are equal strings. Any MONEY_PATTERN value is accepted as input.
 *
 * Only addition, subtraction and multiplication by integers happen here, which are exact in
 * big.js; a private constructor keeps global Big configuration changes elsewhere from affecting us.
 */
const Decimal = Big();
Decimal.strict = true;

export const MONEY_FRACTION_DIGITS = 2;
export const ZERO_MONEY: Money = '0.00';

/** Parses a Money string; anything not matching MONEY_PATTERN is an invalid-input DomainError. */
export const parseMoney = (value: unknown, field?: string): Big => {
  if (typeof value !== 'string' || !MONEY_PATTERN.test(value)) {
    throw invalid(
      'INVALID_MONEY',
      `${field ?? 'Amount'} must be a non-negative decimal string with at most 2 fraction digits, got ${describe(value)}`,
      field,
    );
  }
  return new Decimal(value);
};

/**
 * Formats an exact amount as canonical Money (two fraction digits). Fails with an invalid-input
 * DomainError if the amount is negative, has more than two fraction digits, or is too large for
 * MONEY_PATTERN (e.g. quantity × price overflowing 15 integer digits).
 */
export const formatMoney = (value: Big, field?: string): Money => {
  if (value.lt('0')) {
    throw invalid('INVALID_MONEY', `${value.toString()} is negative`, field);
  }
  const text = value.toFixed(MONEY_FRACTION_DIGITS);
  if (!value.eq(new Decimal(text))) {
    throw invalid('INVALID_MONEY', `${value.toString()} has more than 2 fraction digits`, field);
  }
  if (!MONEY_PATTERN.test(text)) {
    throw invalid('MONEY_OUT_OF_RANGE', `${text} is outside the range of Money`, field);
  }
  return text;
};

/** Validates a Money string and returns it in canonical form ("12.5" → "12.50"). */
export const canonicalMoney = (value: unknown, field?: string): Money =>
  formatMoney(parseMoney(value, field), field);

/** Like canonicalMoney, but absent (undefined or null) stays absent. */
export const optionalMoney = (value: unknown, field?: string): Money | undefined =>
  value === undefined || value === null ? undefined : canonicalMoney(value, field);

/** unitPrice × quantity, exact; quantity must be a non-negative safe integer. */
export const multiplyMoney = (money: Money, quantity: number, field?: string): Money => {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw invalid(
      'INVALID_QUANTITY',
      `Quantity must be a non-negative integer, got ${describe(quantity)}`,
      field,
    );
  }
  return formatMoney(parseMoney(money, field).times(String(quantity)), field);
};

/** The exact sum; "0.00" for no values. */
export const sumMoney = (values: Iterable<Money>, field?: string): Money => {
  let total = new Decimal('0');
  for (const value of values) total = total.plus(parseMoney(value, field));
  return formatMoney(total, field);
};

/** a − b, exact; fails (invalid, MONEY) if the difference would be negative. */
export const subtractMoney = (a: Money, b: Money, field?: string): Money =>
  formatMoney(parseMoney(a, field).minus(parseMoney(b, field)), field);

/** -1 if a < b, 0 if equal ("12.5" equals "12.50"), 1 if a > b. */
export const compareMoney = (a: Money, b: Money): -1 | 0 | 1 => parseMoney(a).cmp(parseMoney(b));

export const isZeroMoney = (value: Money): boolean => parseMoney(value).eq('0');

export const isPositiveMoney = (value: Money): boolean => parseMoney(value).gt('0');

const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);
