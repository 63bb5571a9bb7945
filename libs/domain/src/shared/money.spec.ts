import { DomainError } from './domain-error';
import {
  canonicalMoney,
  compareMoney,
  formatMoney,
  isPositiveMoney,
  isZeroMoney,
  multiplyMoney,
  parseMoney,
  subtractMoney,
  sumMoney,
} from './money';

const rejection = (act: () => unknown): Pick<DomainError, 'kind' | 'code' | 'field'> => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { kind, code, field } = error as DomainError;
    return { kind, code, field };
  }
  throw new Error('expected a DomainError');
};

describe('money', () => {
  it('formats every amount canonically with exactly two fraction digits', () => {
    expect(canonicalMoney('12')).toBe('12.00');
    expect(canonicalMoney('12.5')).toBe('12.50');
    expect(canonicalMoney('12.34')).toBe('12.34');
    expect(canonicalMoney('0')).toBe('0.00');
    expect(canonicalMoney('999999999999999.99')).toBe('999999999999999.99');
  });

  it.each([['1.234'], ['-1'], ['01'], ['1e3'], [' 1'], [''], ['1.'], ['.5'], ['1,5'], ['1000000000000000']])(
    'rejects %j, which is not Money',
    (value) => {
      expect(rejection(() => parseMoney(value, 'cost'))).toEqual({
        kind: 'invalid',
        code: 'INVALID_MONEY',
        field: 'cost',
      });
    },
  );

  it.each([[1.5], [null], [undefined], [{}]])('rejects the non-string %p', (value) => {
    expect(rejection(() => canonicalMoney(value, 'cost')).code).toBe('INVALID_MONEY');
  });

  it('adds exactly where binary floating point would not (0.1 + 0.2 = 0.30)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumMoney(['0.1', '0.2'])).toBe('0.30');
  });

  it('sums nothing to zero', () => {
    expect(sumMoney([])).toBe('0.00');
  });

  it('sums a few hundred cents exactly', () => {
    expect(sumMoney(Array.from({ length: 777 }, () => '0.01'))).toBe('7.77');
  });

  it('multiplies by an integer quantity exactly', () => {
    expect(multiplyMoney('0.10', 3)).toBe('0.30');
    expect(multiplyMoney('19.99', 7)).toBe('139.93');
    expect(multiplyMoney('1.15', 0)).toBe('0.00');
  });

  it.each([[1.5], [-1], [Number.NaN], [2 ** 53]])('refuses to multiply by %p, not a quantity', (quantity) => {
    expect(rejection(() => multiplyMoney('1.00', quantity, 'q'))).toEqual({
      kind: 'invalid',
      code: 'INVALID_QUANTITY',
      field: 'q',
    });
  });

  it('rejects a result too large for Money', () => {
    expect(rejection(() => multiplyMoney('999999999999999.99', 2, 'lines[0].quantity'))).toEqual({
      kind: 'invalid',
      code: 'MONEY_OUT_OF_RANGE',
      field: 'lines[0].quantity',
    });
  });

  it('refuses to format a negative amount or one with sub-cent digits', () => {
    expect(rejection(() => formatMoney(parseMoney('1').minus(parseMoney('2')))).code).toBe('INVALID_MONEY');
    expect(rejection(() => formatMoney(parseMoney('1').div('3'))).code).toBe('INVALID_MONEY');
  });

  it('compares by value, whatever the number of fraction digits', () => {
    expect(compareMoney('12.5', '12.50')).toBe(0);
    expect(compareMoney('2', '10')).toBe(-1);
    expect(compareMoney('10.01', '10')).toBe(1);
  });

  it('tells zero from positive', () => {
    expect(isZeroMoney('0.00')).toBe(true);
    expect(isPositiveMoney('0')).toBe(false);
    expect(isPositiveMoney('0.01')).toBe(true);
  });

  it('subtracts exactly and refuses a negative difference', () => {
    expect(subtractMoney('1.00', '0.7')).toBe('0.30');
    expect(subtractMoney('0.3', '0.1')).toBe('0.20');
    expect(subtractMoney('5', '5.00')).toBe('0.00');
    expect(rejection(() => subtractMoney('0.10', '0.11', 'amount'))).toEqual({
      kind: 'invalid',
      code: 'INVALID_MONEY',
      field: 'amount',
    });
  });
});
