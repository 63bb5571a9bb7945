import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_AUTH_ENV } from './bench-auth';
import { say } from './progress';

export const ROOT = path.resolve(__dirname, '../..');

/** The built entry points the bench runs as child processes (`npm run bench` builds them first). */
export const APP_ENTRIES = {
  'command-api': 'apps/command-api/dist/main.js',
  'query-api': 'apps/query-api/dist/main.js',
  projector: 'apps/projector/dist/main.js',
  relay: 'apps/relay/dist/main.js',
} as const;
export type AppName = keyof typeof APP_ENTRIES;

/** Settings a child must not inherit from the shell the bench runs in. */
const CLEARED = [
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'COMMAND_API_PORT',
  'QUERY_API_PORT',
  'PROJECTOR_BATCH_SIZE',
  'EVENTSTORE_CONNECTION_STRING',
  // The bench waits for the apps' info lines ("projector following the event store", …): a
  // LOG_LEVEL of the shell must not silence them (a section's own env may still set one).
  'LOG_LEVEL',
];

export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last lines the process printed (for error messages). */
  tail(): string;
  /** Resolves with the first output line that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** VmHWM (peak resident set) and VmRSS of the process in MB, from /proc. */
  memory(): Promise<{ hwmMb: number; rssMb: number } | null>;
  stop(): Promise<void>;
}

const running = new Set<AppProcess>();

/** Kills the children still running when the bench exits (only the processes it started). */
process.on('exit', () => {
  for (const app of running) if (app.child.exitCode === null) app.child.kill('SIGKILL');
});

export function assertBuilt(names: AppName[]): void {
  const missing = names.filter((n) => !existsSync(path.join(ROOT, APP_ENTRIES[n])));
  if (missing.length > 0)
    throw new Error(`not built: ${missing.join(', ')} (run "npm run build" or "npm run bench")`);
}

/** Starts a built app as a child process with the given settings. */
export function startApp(
  name: AppName,
  env: Record<string, string>,
  options: { verbose?: boolean; nodeArgs?: string[]; label?: string } = {},
): AppProcess {
  assertBuilt([name]);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CLEARED) delete childEnv[key];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, APP_ENTRIES[name])], {
    cwd: ROOT,
    env: { ...childEnv, ...BENCH_AUTH_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const label = options.label ?? name;
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let rest = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8_000);
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (options.verbose) process.stdout.write(`[${label}] ${line}\n`);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.pattern.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const app: AppProcess = {
    name: label,
    pid: child.pid!,
    child,
    tail: () => output.split('\n').slice(-15).join('\n'),
    waitForLine: (pattern, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`${label}: no line matching ${pattern} within ${timeoutMs} ms:\n${app.tail()}`)),
          timeoutMs,
        );
        const onExit = () =>
          reject(new Error(`${label} exited (${child.exitCode ?? child.signalCode}):\n${app.tail()}`));
        child.once('exit', onExit);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            child.off('exit', onExit);
            resolve(line);
          },
        });
      }),
    memory: async () => {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = (field: string) =>
          Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
        return { hwmMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
      } catch {
        return null;
      }
    },
    stop: async () => {
      running.delete(app);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
  child.on('exit', (code, signal) => {
    if (running.has(app) && code !== 0 && signal !== 'SIGTERM')
      say(`${label} exited unexpectedly (${signal ?? code}):\n${app.tail()}`);
  });
  running.add(app);
  return app;
}

/** Waits until an HTTP app answers on `url`. */
export async function waitForHttp(app: AppProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null)
      throw new Error(`${app.name} exited (${app.child.exitCode}):\n${app.tail()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${app.name} did not answer on ${url} within ${timeoutMs} ms:\n${app.tail()}`);
}
