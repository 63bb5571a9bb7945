import { compareEsdbPositions, formatEsdbPosition, parseEsdbPosition } from './esdb-position';

describe('EventStoreDB log positions', () => {
  it('are written "commit/prepare" and read back to the same bigints', () => {
    const position = { commit: 18446744073709551000n, prepare: 18446744073709550999n };
    expect(formatEsdbPosition(position)).toBe('18446744073709551000/18446744073709550999');
    expect(parseEsdbPosition(formatEsdbPosition(position))).toEqual(position);
  });

  it('compare as numbers, not as text (999 before 1000)', () => {
    expect(compareEsdbPositions('999/999', '1000/1000')).toBeLessThan(0);
    expect(compareEsdbPositions('1000/1000', '999/999')).toBeGreaterThan(0);
  });

  it('compare by commit first, then by prepare', () => {
    expect(compareEsdbPositions('2000/100', '1000/5000')).toBeGreaterThan(0);
    expect(compareEsdbPositions('2000/100', '2000/200')).toBeLessThan(0);
    expect(compareEsdbPositions('2000/200', '2000/200')).toBe(0);
  });

  it('compare beyond 2^53 exactly', () => {
    expect(compareEsdbPositions('9007199254740993/0', '9007199254740992/0')).toBeGreaterThan(0);
  });

  it('refuse anything else, such as a PostgreSQL position', () => {
    expect(() => parseEsdbPosition('12-34')).toThrow(/Not an EventStoreDB log position/);
    expect(() => parseEsdbPosition('1/-2')).toThrow(/Not an EventStoreDB log position/);
  });
});
