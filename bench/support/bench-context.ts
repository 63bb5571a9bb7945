import type { BenchConfig } from './bench-config';
import type { BenchServer } from './bench-postgres';

export interface BenchContext {
  config: BenchConfig;
  server: BenchServer;
  root: string;
  /** End of the generated histories: today, 00:00 UTC (so "the last 12 months" hold data). */
  end: Date;
}
