import { performance } from 'node:perf_hooks';
import { LatencyRecorder, round } from './latency';
import { load } from './progress';

export interface ClosedLoopResult {
  clients: number;
  seconds: number;
  /** Operations completed in the measured window (after the warm-up). */
  ops: number;
  opsPerS: number;
  /** Units (events, rows) those operations wrote. */
  units: number;
  unitsPerS: number;
  latencyMs: ReturnType<LatencyRecorder['summary']>;
  errors: number;
  firstError?: string;
  loadavg: number[];
}

/**
 * `clients` concurrent callers, each running `op` back to back (closed loop) for the warm-up and
 * then the measured window. `op` returns how many units it wrote.
 */
export async function runClosedLoop(options: {
  clients: number;
  durationMs: number;
  warmupMs: number;
  op: (client: number, n: number) => Promise<number>;
  /** Records into this recorder (to merge several rounds); the summary covers all it holds. */
  latency?: LatencyRecorder;
}): Promise<ClosedLoopResult> {
  const latency = options.latency ?? new LatencyRecorder();
  const begin = performance.now();
  const measureFrom = begin + options.warmupMs;
  const end = measureFrom + options.durationMs;
  let ops = 0;
  let units = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (client: number) => {
    for (let n = 0; ; n++) {
      const started = performance.now();
      if (started >= end) return;
      try {
        const written = await options.op(client, n);
        const finished = performance.now();
        if (started >= measureFrom && finished <= end) {
          latency.record(finished - started);
          ops++;
          units += written;
        }
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (errors > 1_000) throw new Error(`too many errors; first: ${firstError}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => worker(i)));
  const seconds = options.durationMs / 1000;
  return {
    clients: options.clients,
    seconds,
    ops,
    opsPerS: round(ops / seconds, 1),
    units,
    unitsPerS: round(units / seconds, 1),
    latencyMs: latency.summary(),
    errors,
    ...(firstError ? { firstError } : {}),
    loadavg: load(),
  };
}

/** Several rounds of one configuration as one result (their latencies were recorded together). */
export function mergeRounds(rounds: ClosedLoopResult[], latency: LatencyRecorder): ClosedLoopResult {
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const ops = rounds.reduce((s, r) => s + r.ops, 0);
  const units = rounds.reduce((s, r) => s + r.units, 0);
  const errors = rounds.reduce((s, r) => s + r.errors, 0);
  const firstError = rounds.find((r) => r.firstError)?.firstError;
  return {
    clients: rounds[0]!.clients,
    seconds,
    ops,
    opsPerS: round(ops / seconds, 1),
    units,
    unitsPerS: round(units / seconds, 1),
    latencyMs: latency.summary(),
    errors,
    ...(firstError ? { firstError } : {}),
    loadavg: rounds[rounds.length - 1]!.loadavg,
  };
}
