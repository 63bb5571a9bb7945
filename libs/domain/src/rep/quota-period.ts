/** A month "YYYY-MM" (01–12) or a quarter "YYYY-Q1" … "YYYY-Q4". */
export const QUOTA_PERIOD_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2]|Q[1-4])$/;

export const isQuotaPeriod = (value: unknown): value is string =>
  typeof value === 'string' && QUOTA_PERIOD_PATTERN.test(value);
