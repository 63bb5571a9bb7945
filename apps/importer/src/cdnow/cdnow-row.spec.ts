import { detectLayout, parseLine, type ParsedLine } from './cdnow-row';

const refusedReason = (parsed: ParsedLine): string => {
  if (parsed.kind !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(parsed)}`);
  return parsed.reason;
};

describe('CDNOW rows', () => {
  it('tells the layout from the header or the number of columns', () => {
    expect(detectLayout(' customer_id  date number_of_cds  dollar_value\r')).toEqual({
      layout: 'master',
      header: true,
    });
    expect(detectLayout(' 00001 19970101  1   11.77\r')).toEqual({ layout: 'master', header: false });
    expect(detectLayout(' 00004 0001 19970101  2   29.33\r')).toEqual({ layout: 'sample', header: false });
    expect(detectLayout('a b c')).toBeNull();
  });

  it('reads a master row with its CR, keeping the customer id verbatim and the value in cents', () => {
    expect(parseLine(' 00002 19970112  5   77.00\r', 3, 'master')).toEqual({
      kind: 'row',
      row: { line: 3, customerId: '00002', date: '19970112', cds: 5, cents: 7700n },
    });
  });

  it('reads a sample row by its master customer id', () => {
    expect(parseLine(' 00004 0001 19970118  2   29.73\r', 2, 'sample')).toEqual({
      kind: 'row',
      row: { line: 2, customerId: '00004', date: '19970118', cds: 2, cents: 2973n },
    });
  });

  it('accepts a dollar value of 0 and values with fewer than two decimals', () => {
    expect(parseLine('00010 19970101 1 0.00', 1, 'master')).toMatchObject({ row: { cents: 0n } });
    expect(parseLine('00010 19970101 1 12', 1, 'master')).toMatchObject({ row: { cents: 1200n } });
    expect(parseLine('00010 19970101 1 12.5', 1, 'master')).toMatchObject({ row: { cents: 1250n } });
  });

  it('skips blank lines and the header, but refuses a header line in the wrong layout', () => {
    expect(parseLine('   \r', 5, 'master')).toEqual({ kind: 'skip' });
    expect(parseLine('customer_id date number_of_cds dollar_value', 1, 'master')).toEqual({ kind: 'skip' });
    expect(parseLine('customer_id date number_of_cds dollar_value', 1, 'sample').kind).toBe('refused');
  });

  it.each([
    ['00001 19970101 1', 'expected 4 columns (customer_id date number_of_cds dollar_value), found 3'],
    ['00001 19970101 1 11.77 9', 'expected 4 columns (customer_id date number_of_cds dollar_value), found 5'],
    ['0000x 19970101 1 11.77', 'customer_id "0000x" is not a number of up to 12 digits'],
    ['00001 19970230 1 11.77', 'date "19970230" is not a calendar date (YYYYMMDD)'],
    ['00001 1997-01-01 1 11.77', 'date "1997-01-01" is not a calendar date (YYYYMMDD)'],
    ['00001 19970101 two 11.77', 'number_of_cds "two" is not a whole number'],
    ['00001 19970101 1.5 11.77', 'number_of_cds "1.5" is not a whole number'],
    ['00001 19970101 -1 11.77', 'number_of_cds "-1" is negative'],
    ['00001 19970101 2000000000 11.77', 'number_of_cds 2000000000 is more than 1000000000'],
    ['00001 19970101 1 $11.77', 'dollar_value "$11.77" is not a number'],
    ['00001 19970101 1 1e3', 'dollar_value "1e3" is not a number'],
    ['00001 19970101 1 -11.77', 'dollar_value "-11.77" is negative'],
    ['00001 19970101 1 11.775', 'dollar_value "11.775" has more than 2 decimals'],
    ['00001 19970101 0 11.77', 'number_of_cds is 0 but dollar_value is 11.77'],
    ['00001 19970101 0 0.00', 'number_of_cds is 0: an order needs at least one CD'],
  ])('refuses %j: %s', (text, reason) => {
    expect(refusedReason(parseLine(text, 7, 'master'))).toBe(reason);
  });

  it('refuses a sample row with a non-numeric sample id', () => {
    expect(refusedReason(parseLine('00004 00x1 19970101 2 29.33', 1, 'sample'))).toBe(
      'sample_customer_id "00x1" is not a number of up to 12 digits',
    );
  });

  it('names the customer and day of a refused row when they could be read', () => {
    expect(parseLine('00001 19970101 1 11.775', 9, 'master')).toMatchObject({
      line: 9,
      key: { customerId: '00001', date: '19970101' },
    });
    expect(parseLine('00001 19971301 1 11.77', 9, 'master')).not.toHaveProperty('key.date');
  });
});
