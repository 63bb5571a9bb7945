/** Latencies of one kind of request, and how they ended. */
export class RequestStats {
  private readonly latencies: number[] = [];
  readonly statuses = new Map<string, number>();

  record(status: number | string, ms: number): void {
    this.latencies.push(ms);
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  get count(): number {
    return this.latencies.length;
  }

  /** The p-th percentile (0–100) in ms, nearest rank. */
  percentile(p: number): number {
    if (this.latencies.length === 0) return NaN;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }

  /** Requests that did not answer 2xx. */
  get failures(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (!/^2\d\d$/.test(status)) n += count;
    return n;
  }

  summary(): string {
    const statuses = [...this.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    return `${this.count} requests (${statuses}); p50 ${ms(this.percentile(50))}, p95 ${ms(this.percentile(95))}, p99 ${ms(this.percentile(99))}, max ${ms(this.percentile(100))}`;
  }
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export const since = (start: number): number => performance.now() - start;
