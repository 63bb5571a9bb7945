/**
 * Money travels as a decimal string with at most two fraction digits ("12", "12.5", "12.34").
 * It is never a JavaScript number, so no amount passes through binary floating point.
 */
export type Money = string;

export const MONEY_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

export const isMoney = (value: unknown): value is Money =>
  typeof value === 'string' && MONEY_PATTERN.test(value);
