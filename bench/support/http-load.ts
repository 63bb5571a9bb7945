import { LatencyRecorder, round } from './latency';
import { load } from './progress';

/** The part of autocannon's API the bench uses (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: Record<string, number>;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
  ): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  callback: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export interface HttpLoadOptions {
  url: string;
  connections: number;
  durationS: number;
  /** Requests per second over all connections; none: as fast as the server answers. */
  overallRate?: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The path (and body) of each request. */
  next: () => { path: string; body?: string };
}

export interface HttpLoadResult {
  connections: number;
  seconds: number;
  targetRate: number | null;
  /** 2xx responses. */
  ok: number;
  okPerS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** autocannon's histogram (1 ms resolution; corrected for coordinated omission when rate-limited). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Every 2xx response time as measured, with fractions of a millisecond. */
  rawLatencyMs: ReturnType<LatencyRecorder['summary']>;
  loadavg: number[];
}

/** Runs autocannon against `url` and summarises the run. */
export function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const raw = new LatencyRecorder();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        requests: [
          {
            method: options.method,
            headers: options.headers ?? {},
            setupRequest: (request: AutocannonRequest) => {
              const next = options.next();
              request.path = next.path;
              if (next.body !== undefined) request.body = next.body;
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]),
        );
        resolve({
          connections: options.connections,
          seconds: result.duration,
          targetRate: options.overallRate ?? null,
          ok: result['2xx'],
          okPerS: round(result['2xx'] / result.duration, 1),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          latencyMs: {
            p50: result.latency.p50!,
            p90: result.latency.p90!,
            p99: result.latency.p99!,
            max: result.latency.max!,
          },
          rawLatencyMs: raw.summary(),
          loadavg: load(),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) raw.record(responseTime);
    });
  });
}
