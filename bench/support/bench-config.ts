/** The sections a run can contain, in the order they run. */
export const SECTIONS = ['append', 'replay', 'freshness', 'queries'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchConfig {
  mode: 'quick' | 'full';
  sections: SectionName[];
  /** Events of the replay dataset (BENCH_EVENTS). */
  events: number;
  /** Customers of the replay dataset (BENCH_CUSTOMERS). */
  customers: number;
  reps: number;
  /** Customers and events of the dataset the query section reads (BENCH_QUERY_CUSTOMERS / _EVENTS). */
  queryCustomers: number;
  queryEvents: number;
  /** Length of every timed load phase in seconds (BENCH_DURATION_S). */
  durationS: number;
  /** Customers with history that the append and freshness workloads write to. */
  appendCustomers: number;
  /** Commands per second of the steady load in the freshness section (BENCH_FRESHNESS_RATE). */
  freshnessRate: number;
  /** Request rate of the customer-detail run (the target is stated at 1,000 req/s). */
  detailRate: number;
  /** Run the Kafka freshness variant when Java and Maven are present (BENCH_KAFKA=0 turns it off). */
  kafka: boolean;
  /** Collect a statement-level and CPU profile of the replay (--profile). */
  profile: boolean;
  /** Events of the instrumented replay sample (--profile). */
  profileEvents: number;
  /** Use this server instead of starting an embedded one (BENCH_DATABASE_URL). */
  databaseUrl?: string;
  /** Echo the child processes' output (BENCH_VERBOSE=1). */
  verbose: boolean;
}

const intFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

/** Reads the command line (`--quick`, `--profile`, `--only=a,b`) and the BENCH_* variables. */
export function readBenchConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const sections = only
    ? only.split(',').map((s) => {
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}"`);
        return s as SectionName;
      })
    : [...SECTIONS];
  const small = {
    events: 5_000,
    customers: 300,
    reps: 10,
    queryCustomers: 2_000,
    queryEvents: 6_000,
    durationS: 2,
    appendCustomers: 128,
    freshnessRate: 20,
    profileEvents: 2_000,
  };
  const large = {
    events: 1_000_000,
    customers: 20_000,
    reps: 200,
    queryCustomers: 100_000,
    queryEvents: 300_000,
    durationS: 20,
    appendCustomers: 2_000,
    freshnessRate: 50,
    profileEvents: 100_000,
  };
  const base = quick ? small : large;
  return {
    mode: quick ? 'quick' : 'full',
    sections,
    events: intFromEnv('BENCH_EVENTS', base.events),
    customers: intFromEnv('BENCH_CUSTOMERS', base.customers),
    reps: intFromEnv('BENCH_REPS', base.reps),
    queryCustomers: intFromEnv('BENCH_QUERY_CUSTOMERS', base.queryCustomers),
    queryEvents: intFromEnv('BENCH_QUERY_EVENTS', base.queryEvents),
    durationS: intFromEnv('BENCH_DURATION_S', base.durationS),
    appendCustomers: intFromEnv('BENCH_APPEND_CUSTOMERS', base.appendCustomers),
    freshnessRate: intFromEnv('BENCH_FRESHNESS_RATE', base.freshnessRate),
    detailRate: intFromEnv('BENCH_DETAIL_RATE', 1_000),
    kafka: env.BENCH_KAFKA !== '0',
    profile: argv.includes('--profile'),
    profileEvents: intFromEnv('BENCH_PROFILE_EVENTS', base.profileEvents),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    verbose: env.BENCH_VERBOSE === '1',
  };
}
