import { DomainError } from './domain-error';
import {
  compact,
  optionalText,
  requireId,
  requireOneOf,
  requirePositiveInteger,
  requireText,
  requireTimestamp,
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
});
