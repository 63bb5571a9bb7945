export const DAY = 86_400_000;

/** The first day of every month from `start` for `days` days (the first one is the start day itself). */
export function monthStarts(start: number, days: number): Array<{ period: string; at: number }> {
  const result: Array<{ period: string; at: number }> = [];
  const end = start + days * DAY;
  const d = new Date(start);
  let cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  while (cursor < end) {
    const m = new Date(cursor);
    result.push({
      period: `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`,
      at: Math.max(cursor, start),
    });
    cursor = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
  }
  return result;
}

/**
 * Splits `activity` events over the days (exactly, largest remainder): weekdays busier than
 * weekends, growing over time, none before the first customer has registered.
 */
export function activityPerDay(start: number, days: number, activity: number, regDays: number[]): number[] {
  const weights = Array.from({ length: days }, (_, day) => {
    if (regDays.length === 0 || regDays[0]! >= day) return 0;
    const weekday = new Date(start + day * DAY).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.3 : 1) * (1 + (0.5 * day) / days);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * activity : 0));
  const counts = exact.map(Math.floor);
  let left = activity - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left > 0 && k < order.length; k++, left--) counts[order[k]!.i]!++;
  return counts;
}

/** First index whose cumulative weight exceeds `target`, among the first `n`. */
export const lowerBound = (cumulative: Float64Array, target: number, n: number): number => {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};
