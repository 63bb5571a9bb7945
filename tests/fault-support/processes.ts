import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { appProcessEnv } from './headers';

export const ROOT = path.resolve(__dirname, '../..');

/** A port nothing listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

export type AppEntry = 'command-api' | 'query-api' | 'projector';

/** A spawned app: its process, the last lines it printed, and a way to stop it. */
export interface SpawnedApp {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs an app from its TypeScript source as a child process (swc-node, like the other process
 * tests), with the test credentials' secret and `env` on top of this process's environment.
 */
export function spawnApp(app: AppEntry, env: Record<string, string>): SpawnedApp {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, `apps/${app}/src/main.ts`)],
    {
      cwd: ROOT,
      env: appProcessEnv({ SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), LOG_LEVEL: 'warn', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-6_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    exited,
    tail: () => output,
    stop: async (graceMs = 10_000) => {
      if (gone()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `url` answers 2xx, failing early when the app exits. */
export async function waitForHttp(app: SpawnedApp, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.child.exitCode !== null || app.child.signalCode !== null)
      throw new Error(`the app exited before answering ${url}:\n${app.tail()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${app.tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
