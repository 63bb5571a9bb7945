import { spawn } from 'node:child_process';
import path from 'node:path';
import { embeddedPostgresUrl } from '../../libs/platform/src/database/embedded-postgres';
import { ROOT } from './processes';

export interface PostgresProcess {
  /** Connection string of the server's `postgres` database. */
  url: string;
  /** Stops the server (fast shutdown) and waits until it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server (embedded-postgres) in a child process on `port` with its data in
 * `dataDir` (initialised on first use, kept when stopped, so a restart finds the same data).
 */
export function startPostgresProcess(
  dataDir: string,
  port: number,
  timeoutMs = 60_000,
): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      path.join(ROOT, 'tests/fault-support/postgres-server.main.ts'),
      dataDir,
      String(port),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<PostgresProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
      if (/^ready$/m.test(output)) {
        clearTimeout(timer);
        resolve({
          url: embeddedPostgresUrl(port),
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${code}) before it was ready:\n${output}`));
    });
  });
}
