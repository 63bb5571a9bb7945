/** Latency samples in milliseconds (fractions kept) and the percentiles the report needs. */
export class LatencyRecorder {
  private samples: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  /** Nearest-rank percentile (p in 0–100); null without samples. */
  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return round(sorted[rank]!);
  }

  summary(): {
    count: number;
    p50: number | null;
    p90: number | null;
    p99: number | null;
    max: number | null;
  } {
    return {
      count: this.count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.percentile(100),
    };
  }
}

/** Rounds to two decimals (for figures in the report). */
export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** a / b rounded, or null when either side is missing or b is zero. */
export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || b === 0 ? null : round(a / b, 3);
