/** A planning period: a month "YYYY-MM" (01–12) or a quarter "YYYY-Q1" … "YYYY-Q4". */
export const PERIOD_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2]|Q[1-4])$/;

export const isPeriod = (value: unknown): value is string =>
  typeof value === 'string' && PERIOD_PATTERN.test(value);
