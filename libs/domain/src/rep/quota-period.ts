import { isPeriod, PERIOD_PATTERN } from '../shared/period';

/** A month "YYYY-MM" (01–12) or a quarter "YYYY-Q1" … "YYYY-Q4". */
export const QUOTA_PERIOD_PATTERN = PERIOD_PATTERN;

export const isQuotaPeriod = isPeriod;
