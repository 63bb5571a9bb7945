import { DomainError } from './domain-error';
import {
  compact,
  optionalDate,
  optionalText,
  requireId,
  requireIntegerInRange,
  requireOneOf,
  requirePositiveInteger,
  requireText,
  requireTimestamp,
  textList,
} from './validation';

const codeAndField = (act: () => unknown): [string, string | undefined] => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return [(error as DomainError).code, (error as DomainError).field];
  }
  throw new Error('expected a DomainError');
};

describe('validation', () => {
  it('trims required text and rejects blank text', () => {
    expect(requireText('  Acme  ', 'name')).toBe('Acme');
    expect(codeAndField(() => requireText('   ', 'name'))).toEqual(['REQUIRED', 'name']);
    expect(codeAndField(() => requireText(undefined, 'name'))).toEqual(['REQUIRED', 'name']);
  });

  it('keeps identifiers verbatim but rejects blank ones', () => {
    expect(requireId('c-1', 'customerId')).toBe('c-1');
    expect(codeAndField(() => requireId('', 'customerId'))).toEqual(['REQUIRED', 'customerId']);
  });

  it('treats blank optional text as absent', () => {
    expect(optionalText('  ', 'industry')).toBeUndefined();
    expect(optionalText(' steel ', 'industry')).toBe('steel');
  });

  it('accepts only the listed values', () => {
    expect(requireOneOf('a', ['a', 'b'], 'x')).toBe('a');
    expect(codeAndField(() => requireOneOf('c', ['a', 'b'], 'x'))).toEqual(['INVALID_VALUE', 'x']);
  });

  it.each([[0], [-3], [1.5], [2 ** 53], ['2'], [Number.NaN]])('rejects %p as a positive integer', (value) => {
    expect(codeAndField(() => requirePositiveInteger(value, 'qty'))).toEqual(['INVALID_QUANTITY', 'qty']);
  });

  it.each([
    '2024-03-01T09:30:00Z',
    '2024-03-01T09:30Z',
    '2024-03-01T09:30:00.123Z',
    '2024-03-01T09:30:00.123456+08:00',
    '2024-02-29T00:00:00Z',
  ])('accepts the ISO-8601 date-time %s', (value) => {
    expect(requireTimestamp(value, 'at')).toBe(value);
  });

  it.each([
    '2024-03-01',
    '2024-03-01T09:30:00',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01 09:30:00Z',
    'yesterday',
  ])('rejects %s, which is not a real ISO-8601 date-time with a zone', (value) => {
    expect(codeAndField(() => requireTimestamp(value, 'at'))).toEqual(['INVALID_TIMESTAMP', 'at']);
  });

  it('drops undefined keys', () => {
    expect(Object.keys(compact({ a: 1, b: undefined, c: null }))).toEqual(['a', 'c']);
  });

  it('accepts integers at both ends of a range and refuses anything outside or fractional', () => {
    expect(requireIntegerInRange(1, 1, 5, 'rating')).toBe(1);
    expect(requireIntegerInRange(5, 1, 5, 'rating')).toBe(5);
    for (const value of [0, 6, 2.5, Number.NaN, '3', null]) {
      expect(codeAndField(() => requireIntegerInRange(value, 1, 5, 'rating'))).toEqual([
        'OUT_OF_RANGE',
        'rating',
      ]);
    }
  });

  it('accepts a calendar date, leaves an absent one absent, and refuses impossible dates', () => {
    expect(optionalDate('2024-02-29', 'on')).toBe('2024-02-29');
    expect(optionalDate(undefined, 'on')).toBeUndefined();
    for (const value of [
      '2023-02-29',
      '2024-04-31',
      '2024-00-10',
      '2024-3-1',
      '2024-03-01T00:00:00Z',
      20240301,
    ]) {
      expect(codeAndField(() => optionalDate(value, 'on'))).toEqual(['INVALID_DATE', 'on']);
    }
  });

  it('trims list entries, drops duplicates keeping the first, and names a blank entry by index', () => {
    expect(textList([' b', 'a', 'b ', 'a'], 'tags')).toEqual(['b', 'a']);
    expect(textList(undefined, 'tags')).toEqual([]);
    expect(codeAndField(() => textList(['a', ' '], 'tags'))).toEqual(['REQUIRED', 'tags[1]']);
    expect(codeAndField(() => textList('a', 'tags'))).toEqual(['INVALID_VALUE', 'tags']);
  });
});
