/**
 * One line of a CDNOW file, checked as untrusted input. Two layouts (README of the data set):
 * `master`: customer_id date number_of_cds dollar_value (with a header line);
 * `sample`: master_customer_id sample_customer_id date number_of_cds dollar_value (no header).
 * Columns are separated by whitespace; a trailing CR (CRLF files) is ignored.
 */
export type CdnowLayout = 'master' | 'sample';

export interface CdnowRow {
  /** 1-based line number in the file. */
  line: number;
  /** The source customer id, verbatim ("00042"); the master id in the sample layout. */
  customerId: string;
  /** YYYYMMDD, a real calendar date. */
  date: string;
  /** number_of_cds, ≥ 1. */
  cds: number;
  /** dollar_value in integer cents, ≥ 0. */
  cents: bigint;
}

/** Where a refused row belongs, when its customer id and date could be read. */
export interface RowKey {
  customerId: string;
  date: string;
}

export type ParsedLine =
  | { kind: 'row'; row: CdnowRow }
  | { kind: 'refused'; line: number; reason: string; key?: RowKey }
  | { kind: 'skip' };

const HEADERS: Record<CdnowLayout, string[]> = {
  master: ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
  sample: ['master_customer_id', 'sample_customer_id', 'date', 'number_of_cds', 'dollar_value'],
};

/** The same limit the HTTP API puts on an order line's quantity. */
export const MAX_CDS = 1_000_000_000;
const ID = /^\d{1,12}$/;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d+(?:\.(\d+))?$/;

const columnsOf = (text: string): string[] => {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
};

const isHeader = (columns: string[], layout: CdnowLayout): boolean =>
  columns.length === HEADERS[layout].length &&
  columns.every((c, i) => c.toLowerCase() === HEADERS[layout][i]);

/**
 * The layout, told from the first non-blank line: a header line names it, otherwise the number of
 * columns does. Null when the line fits neither.
 */
export const detectLayout = (firstLine: string): { layout: CdnowLayout; header: boolean } | null => {
  const columns = columnsOf(firstLine);
  for (const layout of ['master', 'sample'] as const) {
    if (isHeader(columns, layout)) return { layout, header: true };
    if (columns.length === HEADERS[layout].length) return { layout, header: false };
  }
  return null;
};

const isCalendarDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return year >= 1900 && day >= 1 && day <= days;
};

const parseCents = (text: string): bigint | string => {
  const match = DECIMAL.exec(text);
  if (!match) return `dollar_value "${text}" is not a number`;
  if (text.startsWith('-') && /[1-9]/.test(text)) return `dollar_value "${text}" is negative`;
  const fraction = match[1] ?? '';
  if (fraction.length > 2) return `dollar_value "${text}" has more than 2 decimals`;
  const [whole] = text.replace(/^[+-]/, '').split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
};

/** Parses one line; a blank line or the layout's header line is skipped, not refused. */
export const parseLine = (text: string, line: number, layout: CdnowLayout): ParsedLine => {
  const columns = columnsOf(text);
  if (columns.length === 0 || isHeader(columns, layout)) return { kind: 'skip' };
  const expected = HEADERS[layout];
  const refuse = (reason: string, key?: RowKey): ParsedLine => ({ kind: 'refused', line, reason, key });
  if (columns.length !== expected.length) {
    return refuse(`expected ${expected.length} columns (${expected.join(' ')}), found ${columns.length}`);
  }
  const [customerId, ...rest] = layout === 'sample' ? [columns[0]!, ...columns.slice(2)] : columns;
  const [date, cdsText, valueText] = rest as [string, string, string];
  if (!ID.test(customerId)) return refuse(`customer_id "${customerId}" is not a number of up to 12 digits`);
  if (layout === 'sample' && !ID.test(columns[1]!)) {
    return refuse(`sample_customer_id "${columns[1]}" is not a number of up to 12 digits`);
  }
  if (!isCalendarDate(date)) return refuse(`date "${date}" is not a calendar date (YYYYMMDD)`);
  const key = { customerId, date };

  if (!WHOLE.test(cdsText)) return refuse(`number_of_cds "${cdsText}" is not a whole number`, key);
  const cds = Number(cdsText);
  if (cds < 0) return refuse(`number_of_cds "${cdsText}" is negative`, key);
  if (cds > MAX_CDS) return refuse(`number_of_cds ${cdsText} is more than ${MAX_CDS}`, key);
  const cents = parseCents(valueText);
  if (typeof cents === 'string') return refuse(cents, key);
  if (cds === 0) {
    return refuse(
      cents > 0n
        ? `number_of_cds is 0 but dollar_value is ${valueText}`
        : 'number_of_cds is 0: an order needs at least one CD',
      key,
    );
  }
  return { kind: 'row', row: { line, customerId, date, cds, cents } };
};
