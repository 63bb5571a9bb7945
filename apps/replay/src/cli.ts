import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { isDomainError, segmentationPolicyDecider } from '@crm/domain';
import type { Actor } from '@crm/events';
import { createEventStore, EventStoreSchema1763900000000 } from '@crm/event-store';
import { ensureDatabase, runMigrations, validateEnv } from '@crm/platform';
import { READ_MODEL_MIGRATIONS, WhatIf, WhatIfError, type MoverKind } from '@crm/read-models';
import { ReplayConfig } from './config/replay.config';
import { formatComparison, formatMovers, formatRun, table } from './format-comparison';
import { createReplayProgress } from './replay-progress';

export const USAGE = `usage: npm run replay -- <command> [options]

  start <policy.json> [--label <text>] [--batch-size <n>]
        replay a candidate segmentation policy (the policy, or a SegmentationPolicyChanged document)
        over the whole event log into a shadow schema whatif_<id>, with a progress bar
  resume <id> [--batch-size <n>]         go on with a failed or interrupted replay
  list                                   the last runs
  status <id>                            progress of a run
  compare <id> [--as-of <iso>] [--movers <n>] [--json]
        class × class and stage × stage matrices, customers and revenue share per class
  movers <id> [--as-of <iso>] [--kind class|stage|any] [--from <class>] [--to <class>] [--after <id>] [--limit <n>]
  promote <id> [--reason <text>] [--changed-at <iso>]   the candidate becomes the live policy
  rollback <id> [--reason <text>] [--changed-at <iso>]  the policy it replaced becomes live again
  drop <id>                              drop the shadow schema

  --actor <user id>   who acts (role admin; default: cli) until authentication exists

environment: DATABASE_URL (default: the embedded PostgreSQL of \`npm start\`), REPLAY_BATCH_SIZE
(default 1000), REPLAY_PROGRESS_INTERVAL_MS (default 5000)`;

export const EXIT_FAILED = 2;
export const EXIT_REFUSED = 1;

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted (Ctrl-C): a replay stops after its batch in flight and can be resumed. */
  signal?: AbortSignal;
}

const OPTIONS = {
  label: { type: 'string' },
  'batch-size': { type: 'string' },
  'as-of': { type: 'string' },
  movers: { type: 'string' },
  json: { type: 'boolean' },
  kind: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  after: { type: 'string' },
  limit: { type: 'string' },
  reason: { type: 'string' },
  'changed-at': { type: 'string' },
  actor: { type: 'string' },
} as const;

class UsageError extends Error {}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

const positiveInt = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
};

const instant = (value: string | undefined, name: string): Date => {
  const date = value === undefined ? new Date() : new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO-8601 date-time`);
  return date;
};

/**
 * `replay <command>`: what-if segmentation from the command line, on the same WhatIf facade as the
 * query API. Resolves to the exit code: 0, 1 when the request was refused (invalid candidate,
 * wrong state), 2 when it could not run.
 */
export async function runReplayCli(
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    io.err.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT_FAILED;
  }
  const [command, target, ...rest] = parsed.positionals;
  const needsTarget = command !== 'list';
  if (!command || (needsTarget && !target) || rest.length > 0) {
    io.err.write(`${USAGE}\n`);
    return EXIT_FAILED;
  }
  const config = validateEnv(ReplayConfig)({ ...env });
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !UNREACHABLE.has(code)) throw error;
    const { hostname, port } = new URL(config.DATABASE_URL);
    io.err.write(
      `No PostgreSQL answers at ${hostname}:${port || '5432'} (${code}): start the system with \`npm start\` ` +
        'in another terminal, or set DATABASE_URL.\n',
    );
    return EXIT_FAILED;
  }
  await runMigrations(config.DATABASE_URL, [EventStoreSchema1763900000000, ...READ_MODEL_MIGRATIONS]);
  const dataSource = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    logging: false,
  }).initialize();
  const store = createEventStore({
    databaseUrl: config.DATABASE_URL,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
  });
  const whatIf = new WhatIf({ dataSource, store, decider: segmentationPolicyDecider });
  try {
    return await run(whatIf, command, target, parsed.values, config, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`${error.message}\n`);
      return EXIT_FAILED;
    }
    if (error instanceof WhatIfError || isDomainError(error)) {
      const field = isDomainError(error) && error.field ? ` (${error.field})` : '';
      io.err.write(`refused: ${error.code}${field}: ${error.message}\n`);
      return EXIT_REFUSED;
    }
    throw error;
  } finally {
    await store.close();
    await dataSource.destroy();
  }
}

async function run(
  whatIf: WhatIf,
  command: string,
  target: string | undefined,
  values: Record<string, string | boolean | undefined>,
  config: ReplayConfig,
  io: CliIo,
): Promise<number> {
  const str = (name: keyof typeof OPTIONS) => values[name] as string | undefined;
  const actor: Actor = { userId: str('actor') ?? 'cli', role: 'admin' };
  const id = () => {
    const n = Number(target);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`not a run id: ${target}`);
    return n;
  };
  const batchSize = () => positiveInt(str('batch-size'), 'batch-size', config.REPLAY_BATCH_SIZE);
  const replay = async (runId: number) => {
    const run = await whatIf.get(runId);
    const progress = createReplayProgress(io.err, { intervalMs: config.REPLAY_PROGRESS_INTERVAL_MS });
    progress.start(run.id, run.eventsRead, run.eventsTotal);
    let outcome;
    try {
      outcome = await whatIf.replay(run.id, {
        batchSize: batchSize(),
        onBatch: (p) => progress.batch(p),
        shouldStop: () => io.signal?.aborted ?? false,
      });
    } finally {
      progress.stop();
    }
    io.out.write(`${formatRun(await whatIf.get(run.id))}\n`);
    if (outcome !== 'completed')
      io.out.write(`replay ${outcome}; resume with: npm run replay -- resume ${run.id}\n`);
    else io.out.write(`compare with: npm run replay -- compare ${run.id} [--as-of <iso>]\n`);
    return outcome === 'completed' ? 0 : EXIT_FAILED;
  };
  const policyCtx = () => ({
    commandId: randomUUID(),
    actor,
    reason: str('reason'),
    changedAt: instant(str('changed-at'), 'changed-at').toISOString(),
  });

  switch (command) {
    case 'start': {
      const file = path.resolve(config.INIT_CWD ?? process.cwd(), target!);
      let document: unknown;
      try {
        document = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(`cannot read a JSON policy from ${file}: ${(error as Error).message}`);
      }
      const created = await whatIf.create({
        candidate: document,
        label: str('label') ?? path.basename(file),
        actor,
      });
      io.out.write(`run ${created.id}: replaying into schema ${created.schema}\n`);
      return replay(created.id);
    }
    case 'resume':
      await whatIf.resume(id());
      return replay(id());
    case 'list': {
      const runs = await whatIf.list(50);
      const rows: Array<Array<string | number>> = [
        ['id', 'status', 'events', 'started', 'promoted', 'label'],
      ];
      for (const r of runs)
        rows.push([
          r.id,
          r.status,
          r.eventsRead,
          r.startedAt.toISOString(),
          r.promotion
            ? `v${r.promotion.version}${r.promotion.rollback ? ` (rolled back: v${r.promotion.rollback.version})` : ''}`
            : '-',
          r.label ?? '',
        ]);
      io.out.write(`${runs.length ? table(rows) : 'no what-if runs'}\n`);
      return 0;
    }
    case 'status':
      io.out.write(`${formatRun(await whatIf.get(id()))}\n`);
      return 0;
    case 'compare': {
      const asOf = instant(str('as-of'), 'as-of');
      const comparison = await whatIf.compare(id(), asOf);
      if (values.json) {
        io.out.write(`${JSON.stringify(comparison, null, 2)}\n`);
        return 0;
      }
      io.out.write(`${formatComparison(comparison)}\n`);
      const movers = positiveInt(str('movers'), 'movers', 20);
      io.out.write(`\n${formatMovers(await whatIf.movers(id(), asOf, { kind: 'any', limit: movers }))}\n`);
      return 0;
    }
    case 'movers': {
      const kind = (str('kind') ?? 'any') as MoverKind;
      if (!['class', 'stage', 'any'].includes(kind))
        throw new UsageError('--kind must be class, stage or any');
      const page = await whatIf.movers(id(), instant(str('as-of'), 'as-of'), {
        kind,
        fromClass: str('from'),
        toClass: str('to'),
        after: str('after'),
        limit: positiveInt(str('limit'), 'limit', 50),
      });
      io.out.write(`${values.json ? JSON.stringify(page, null, 2) : formatMovers(page)}\n`);
      return 0;
    }
    case 'promote':
    case 'rollback': {
      const { run, change } =
        command === 'promote'
          ? await whatIf.promote(id(), policyCtx())
          : await whatIf.rollback(id(), policyCtx());
      io.out.write(
        `${command === 'promote' ? 'promoted' : 'rolled back'}: policy version ${change.version} appended ` +
          `(was ${change.previousVersion}), consistency token ${change.logPosition}\n` +
          `the projector switches the live read model when it applies it\n${formatRun(run)}\n`,
      );
      return 0;
    }
    case 'drop':
      io.out.write(`${formatRun(await whatIf.drop(id()))}\n`);
      return 0;
    default:
      io.err.write(`unknown command: ${command}\n\n${USAGE}\n`);
      return EXIT_FAILED;
  }
}
