import { periodRange } from './period';

describe('quota periods', () => {
  it('spans a whole month, leap days included', () => {
    expect(periodRange('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodRange('2026-12')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });
  it('spans three months for a quarter', () => {
    expect(periodRange('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(periodRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
  });
  it('rejects anything else', () => {
    expect(() => periodRange('2026-13')).toThrow();
    expect(() => periodRange('2026-Q5')).toThrow();
  });
});
