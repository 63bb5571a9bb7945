import type { DataSource, QueryRunner } from 'typeorm';
import type { EventStore, LogEvent } from '@crm/event-store';
import { ProjectionEngine, type ProjectionErrorPolicy } from './projection-engine';
import {
  checkpointKey,
  LIVE_SCHEMA,
  parseCheckpointKey,
  type Projection,
  type SqlExecutor,
} from './projection';
import {
  buildSchemaName,
  indexRenames,
  planVersion,
  retiredSchemaName,
  versionsInSchemas,
  type IndexDefinition,
  type VersionPlan,
} from './projection-versions';

/**
 * Side-by-side rebuilds of a projection's new version. A build schema holds the projection's tables
 * and its own projection_checkpoints (one row, `name@vN`); batches of the log are applied there
 * while readers keep reading read_models. Caught up, one transaction applies the last events, locks
 * the live tables, moves them to `retired_<name>_v<old>` (with their checkpoint) and the built ones
 * into read_models (ALTER TABLE … SET SCHEMA: readers waiting on the lock then read the new
 * tables), and moves the checkpoint. A retired schema has the same shape as a build schema, so a
 * rollback (starting the old version again) continues it from where it was retired.
 */

const LIVE = LIVE_SCHEMA;
const CHECKPOINTS = `${LIVE}.projection_checkpoints`;

/** The projection's tables that move at a switch: its own, then the derived ones. */
export const ownedTables = (p: Projection): string[] => [
  ...(p.storage?.tables ?? []),
  ...(p.storage?.derived ?? []),
];

const qualified = (schema: string, tables: string[]) => tables.map((t) => `${schema}.${t}`);

/** Versions of `name` with a checkpoint in read_models. */
async function checkpointVersions(db: SqlExecutor, name: string): Promise<number[]> {
  const rows: Array<{ projection: string }> = await db.query(
    `SELECT projection FROM ${CHECKPOINTS} WHERE left(projection, length($1)) = $1`,
    [`${name}@v`],
  );
  return rows
    .map((r) => parseCheckpointKey(r.projection))
    .filter((k): k is { name: string; version: number } => k !== null && k.name === name)
    .map((k) => k.version);
}

async function existingTables(db: SqlExecutor, schema: string, tables: string[]): Promise<string[]> {
  const rows: Array<{ name: string }> = await db.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p')`,
    [schema, tables],
  );
  const present = new Set(rows.map((r) => r.name));
  return tables.filter((t) => present.has(t));
}

async function schemasLike(db: SqlExecutor, prefix: 'rebuild_' | 'retired_'): Promise<string[]> {
  const rows: Array<{ nspname: string }> = await db.query(
    `SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1`,
    [prefix],
  );
  return rows.map((r) => r.nspname);
}

/** Reads the database and decides what the projector does with `projection` at start-up. */
export async function inspectVersion(db: SqlExecutor, projection: Projection): Promise<VersionPlan> {
  const tables = await existingTables(db, LIVE, [...(projection.storage?.tables ?? [])]);
  let liveHasRows = false;
  if (tables.length > 0) {
    const rows: Array<{ any: boolean }> = await db.query(
      `SELECT ${tables.map((t) => `EXISTS (SELECT 1 FROM ${LIVE}.${t})`).join(' OR ')} AS any`,
    );
    liveHasRows = rows[0]?.any === true;
  }
  return planVersion({
    version: projection.version,
    checkpointVersions: await checkpointVersions(db, projection.name),
    liveHasRows,
    builds: versionsInSchemas('rebuild', projection.name, await schemasLike(db, 'rebuild_')),
    retired: versionsInSchemas('retired', projection.name, await schemasLike(db, 'retired_')),
    hasStorage: projection.storage !== undefined && typeof projection.inSchema === 'function',
  });
}

const schemaComment = async (db: SqlExecutor, schema: string, about: Record<string, unknown>) =>
  db.query(`COMMENT ON SCHEMA ${schema} IS '${JSON.stringify(about).replaceAll("'", "''")}'`);

async function indexesOf(db: SqlExecutor, schema: string, table: string): Promise<IndexDefinition[]> {
  return db.query(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = to_regclass($1) ORDER BY c.relname`,
    [`${schema}.${table}`],
  );
}

/**
 * `build.table` created LIKE the live one: columns, defaults, constraints, indexes (renamed to the
 * live names, which migrations refer to), storage parameters and triggers.
 */
async function createLikeLive(db: SqlExecutor, build: string, table: string): Promise<void> {
  await db.query(`CREATE TABLE ${build}.${table} (LIKE ${LIVE}.${table} INCLUDING ALL)`);
  const renames = indexRenames(await indexesOf(db, LIVE, table), await indexesOf(db, build, table));
  // Two steps, so that a generated name equal to another index's live name never clashes.
  for (const [i, r] of renames.entries())
    await db.query(`ALTER INDEX ${build}."${r.from}" RENAME TO rebuild_index_${i}`);
  for (const [i, r] of renames.entries())
    await db.query(`ALTER INDEX ${build}.rebuild_index_${i} RENAME TO "${r.to}"`);
  const [options]: Array<{ reloptions: string[] | null }> = await db.query(
    `SELECT reloptions FROM pg_class WHERE oid = to_regclass($1)`,
    [`${LIVE}.${table}`],
  );
  if (options?.reloptions?.length)
    await db.query(`ALTER TABLE ${build}.${table} SET (${options.reloptions.join(', ')})`);
  const triggers: Array<{ definition: string }> = await db.query(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = to_regclass($1) AND NOT tgisinternal`,
    [`${LIVE}.${table}`],
  );
  for (const t of triggers)
    await db.query(t.definition.replace(` ON ${LIVE}.${table} `, ` ON ${build}.${table} `));
}

/** An empty build schema for `projection`: its tables, functions and checkpoint table. */
async function createBuildSchema(
  runner: QueryRunner,
  projection: Projection,
  replaces: number | null,
): Promise<string> {
  const build = buildSchemaName(projection.name, projection.version);
  await runner.query(`CREATE SCHEMA ${build}`);
  await schemaComment(runner, build, {
    projection: projection.name,
    version: projection.version,
    replaces,
    startedAt: new Date().toISOString(),
  });
  if (projection.storage?.create) await projection.storage.create(runner, build);
  else for (const table of ownedTables(projection)) await createLikeLive(runner, build, table);
  await runner.query(`CREATE TABLE ${build}.projection_checkpoints (LIKE ${CHECKPOINTS} INCLUDING ALL)`);
  return build;
}

/**
 * Makes the build schema the plan asks for: drops builds of other versions, then keeps the build
 * (`resume`), creates it (`fresh`), or creates it and moves the retired copy of this version in
 * with its checkpoint (`restore`). One transaction.
 */
export async function prepareBuild(
  dataSource: DataSource,
  projection: Projection,
  plan: Extract<VersionPlan, { action: 'rebuild' }>,
): Promise<string> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    for (const v of plan.dropBuilds)
      await runner.query(`DROP SCHEMA IF EXISTS ${buildSchemaName(projection.name, v)} CASCADE`);
    const build = buildSchemaName(projection.name, projection.version);
    const key = checkpointKey(projection);
    const retired = retiredSchemaName(projection.name, projection.version);
    let start = plan.start;
    if (start === 'restore') {
      const [kept]: Array<{ n: number }> = await runner.query(
        `SELECT count(*)::int AS n FROM ${retired}.projection_checkpoints WHERE projection = $1`,
        [key],
      );
      // Without its checkpoint a retired copy cannot be caught up: built afresh instead (kept).
      if (!kept?.n) start = 'fresh';
    }
    if (start !== 'resume') await createBuildSchema(runner, projection, plan.replaces);
    if (start === 'fresh')
      await runner.query(
        `INSERT INTO ${build}.projection_checkpoints (projection, log_position) VALUES ($1, '')`,
        [key],
      );
    if (start === 'restore') {
      for (const table of await existingTables(runner, retired, ownedTables(projection))) {
        await runner.query(`DROP TABLE ${build}.${table}`);
        await runner.query(`ALTER TABLE ${retired}.${table} SET SCHEMA ${build}`);
      }
      await runner.query(
        `INSERT INTO ${build}.projection_checkpoints SELECT * FROM ${retired}.projection_checkpoints WHERE projection = $1`,
        [key],
      );
      await runner.query(`DROP SCHEMA ${retired} CASCADE`);
    }
    await runner.commitTransaction();
    return build;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** Drops build schemas of other versions (a rebuild abandoned when the code changed again). */
export async function dropBuilds(db: SqlExecutor, name: string, versions: number[]): Promise<void> {
  for (const v of versions) await db.query(`DROP SCHEMA IF EXISTS ${buildSchemaName(name, v)} CASCADE`);
}

/** A retired copy of a projection version, kept until dropped. */
export interface RetiredVersion {
  schema: string;
  projection: string;
  version: number;
  retiredAt: string | null;
  replacedBy: number | null;
}

export async function listRetiredVersions(db: SqlExecutor): Promise<RetiredVersion[]> {
  const rows: Array<{ nspname: string; about: string | null }> = await db.query(
    `SELECT nspname, obj_description(oid, 'pg_namespace') AS about FROM pg_namespace
     WHERE left(nspname, 8) = 'retired_' ORDER BY nspname`,
  );
  return rows.flatMap((r) => {
    try {
      const about = JSON.parse(r.about ?? '') as Partial<RetiredVersion>;
      if (typeof about.projection !== 'string' || typeof about.version !== 'number') return [];
      return [
        {
          schema: r.nspname,
          projection: about.projection,
          version: about.version,
          retiredAt: about.retiredAt ?? null,
          replacedBy: about.replacedBy ?? null,
        },
      ];
    } catch {
      return [];
    }
  });
}

/** Drops retired copies: of one projection (one version, or all), or those retired before `before`. */
export async function dropRetiredVersions(
  db: SqlExecutor,
  which: { projection: string; version?: number } | { before: Date },
): Promise<RetiredVersion[]> {
  const dropped = (await listRetiredVersions(db)).filter((r) =>
    'before' in which
      ? r.retiredAt !== null && Date.parse(r.retiredAt) < which.before.getTime()
      : r.projection === which.projection && (which.version === undefined || r.version === which.version),
  );
  for (const r of dropped) await db.query(`DROP SCHEMA IF EXISTS ${r.schema} CASCADE`);
  return dropped;
}

/** Where a rebuild stands. */
export interface RebuildProgress {
  projection: string;
  version: number;
  /** Last log position applied in the build schema (null: none yet). */
  position: string | null;
  /** Events passed since the rebuild started (all runs). */
  eventsApplied: number;
  /** Events per second over the last batch. */
  eventsPerSecond: number;
  state: 'building' | 'switching' | 'switched' | 'stopped';
}

export interface RebuildOptions {
  /** Events read and applied per transaction. */
  batchSize: number;
  onError?: ProjectionErrorPolicy;
  /** Longest wait for the live tables' lock at the switch; past it the switch is tried later. */
  lockTimeoutMs: number;
  onProgress?(progress: RebuildProgress): void;
  /** Asked before each batch; true stops the rebuild (its build schema stays, resumable). */
  shouldStop?(): boolean;
}

/** The rebuild stopped before an event it cannot apply (PROJECTOR_ON_ERROR=stop): never switched in. */
export class RebuildHaltedError extends Error {
  override readonly name = 'RebuildHaltedError';
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Builds `projection` (its new version) side by side and switches it in; resumes a build in
 * progress. Resolves `switched` once the live tables are the new version's with its checkpoint,
 * or `stopped` when asked to stop.
 */
export async function rebuildProjection(
  dataSource: DataSource,
  store: Pick<EventStore, 'readAll' | 'comparePositions'>,
  projection: Projection,
  plan: Extract<VersionPlan, { action: 'rebuild' }>,
  options: RebuildOptions,
): Promise<'switched' | 'stopped'> {
  const build = await prepareBuild(dataSource, projection, plan);
  const key = checkpointKey(projection);
  const compare = (a: string, b: string) => store.comparePositions(a, b);
  const engine = new ProjectionEngine(dataSource, [projection.inSchema!(build)], compare, {
    onError: options.onError,
    checkpointSchema: build,
    synchronousCommit: false,
  });
  const [row]: Array<{ log_position: string; events_applied: string }> = await dataSource.query(
    `SELECT log_position, events_applied FROM ${build}.projection_checkpoints WHERE projection = $1`,
    [key],
  );
  let position = row?.log_position || null;
  const progress: RebuildProgress = {
    projection: projection.name,
    version: projection.version,
    position,
    eventsApplied: Number(row?.events_applied ?? 0),
    eventsPerSecond: 0,
    state: 'building',
  };
  const halted = () => {
    const dead = engine.halted.get(key);
    if (dead)
      throw new RebuildHaltedError(
        `rebuild of ${key} stopped before ${dead.eventType} at ${dead.logPosition}: ${dead.error}`,
      );
  };
  // The next batch is read while the current one is applied.
  let next: Promise<LogEvent[]> = store.readAll(position, options.batchSize);
  let analyzed = false;
  for (;;) {
    if (options.shouldStop?.()) {
      await next.catch(() => undefined);
      progress.state = 'stopped';
      options.onProgress?.({ ...progress });
      return 'stopped';
    }
    const started = performance.now();
    const events = await next;
    if (events.length > 0) {
      next = store.readAll(events[events.length - 1]!.logPosition, options.batchSize);
      await engine.applyBatch(events);
      halted();
      position = events[events.length - 1]!.logPosition;
      progress.position = position;
      progress.eventsApplied += events.length;
      progress.eventsPerSecond = Math.round(events.length / ((performance.now() - started) / 1000));
      options.onProgress?.({ ...progress });
    }
    if (events.length === options.batchSize) continue;
    // Near the head: statistics for the readers' planner first, then the switch.
    if (!analyzed) {
      await dataSource.query(`ANALYZE ${qualified(build, ownedTables(projection)).join(', ')}`);
      analyzed = true;
    }
    progress.state = 'switching';
    const outcome = await switchIn(
      dataSource,
      store,
      engine,
      projection,
      build,
      plan.replaces,
      options,
    ).catch((error: unknown) => {
      const e = error as { code?: string; driverError?: { code?: string } };
      if ((e?.driverError?.code ?? e?.code) === LOCK_NOT_AVAILABLE) return 'lock-timeout' as const;
      throw error;
    });
    if (outcome === 'switched') {
      progress.state = 'switched';
      options.onProgress?.({ ...progress });
      return 'switched';
    }
    progress.state = 'building';
    // Behind again (events kept coming) or readers held the lock: catch up and try again.
    next = (async () => {
      if (outcome === 'lock-timeout') await new Promise((r) => setTimeout(r, options.lockTimeoutMs));
      const [cp]: Array<{ log_position: string }> = await dataSource.query(
        `SELECT log_position FROM ${build}.projection_checkpoints WHERE projection = $1`,
        [key],
      );
      position = cp?.log_position || null;
      return store.readAll(position, options.batchSize);
    })();
  }
}

/**
 * The switch, in one transaction: the events after the build's checkpoint (if they fit in a batch;
 * else `behind`), then the live tables locked, retired with their checkpoint, and the built ones
 * moved in with theirs. The build schema (functions, checkpoint table) is dropped.
 */
async function switchIn(
  dataSource: DataSource,
  store: Pick<EventStore, 'readAll'>,
  engine: ProjectionEngine,
  projection: Projection,
  build: string,
  replaces: number | null,
  options: RebuildOptions,
): Promise<'switched' | 'behind'> {
  const key = checkpointKey(projection);
  const tables = ownedTables(projection);
  return dataSource.transaction(async (db) => {
    await db.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs))}`);
    // Locks the build's checkpoint row: a second projector rebuilding the same version waits here.
    const [cp]: Array<{ log_position: string }> = await db.query(
      `SELECT log_position FROM ${build}.projection_checkpoints WHERE projection = $1 FOR UPDATE`,
      [key],
    );
    const tail = await store.readAll(cp?.log_position || null, options.batchSize);
    if (tail.length === options.batchSize) return 'behind' as const;
    if (tail.length > 0) {
      await engine.applyBatchWithin(db, tail);
      if (engine.halted.has(key))
        throw new RebuildHaltedError(`rebuild of ${key} stopped at ${tail[0]!.logPosition}`);
    }
    const live = await existingTables(db, LIVE, tables);
    if (live.length > 0)
      await db.query(`LOCK TABLE ${qualified(LIVE, live).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    const retired = retiredSchemaName(projection.name, replaces ?? 0);
    await db.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
    await db.query(`CREATE SCHEMA ${retired}`);
    await schemaComment(db, retired, {
      projection: projection.name,
      version: replaces ?? 0,
      retiredAt: new Date().toISOString(),
      replacedBy: projection.version,
    });
    await db.query(`CREATE TABLE ${retired}.projection_checkpoints (LIKE ${CHECKPOINTS} INCLUDING ALL)`);
    // Every other version's checkpoint leaves with the tables (a rollback continues from it).
    await db.query(
      `WITH old AS (
         DELETE FROM ${CHECKPOINTS} WHERE left(projection, length($1)) = $1 AND projection <> $2
           AND substr(projection, length($1) + 1) ~ '^[0-9]+$'
         RETURNING *)
       INSERT INTO ${retired}.projection_checkpoints SELECT * FROM old`,
      [`${projection.name}@v`, key],
    );
    for (const t of live) await db.query(`ALTER TABLE ${LIVE}.${t} SET SCHEMA ${retired}`);
    for (const t of tables) await db.query(`ALTER TABLE ${build}.${t} SET SCHEMA ${LIVE}`);
    await db.query(
      `INSERT INTO ${CHECKPOINTS} (projection, log_position, events_applied, updated_at)
       SELECT projection, log_position, events_applied, now() FROM ${build}.projection_checkpoints
       WHERE projection = $1
       ON CONFLICT (projection) DO UPDATE SET log_position = excluded.log_position,
         events_applied = excluded.events_applied, updated_at = now()`,
      [key],
    );
    await db.query(`DROP SCHEMA ${build} CASCADE`);
    return 'switched' as const;
  });
}
