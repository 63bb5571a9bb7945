import type { LogEvent } from '@crm/event-store';
import type { QueryRunner } from 'typeorm';

/** Runs SQL inside the projection's transaction (a TypeORM EntityManager or QueryRunner fits). */
export interface SqlExecutor {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** The schema of the live read models. */
export const LIVE_SCHEMA = 'read_models';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name written into SQL: only plain lower-case identifiers are accepted. */
export const sqlSchema = (name: string = LIVE_SCHEMA): string => {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain schema name: ${JSON.stringify(name)}`);
  return name;
};

/**
 * What a projection owns in its schema, so that a new version of it can be built side by side in
 * another schema and switched in (see projection-versions.ts).
 */
export interface ProjectionStorage {
  /** Tables written by this projection alone (names in the schema, without it). */
  readonly tables: readonly string[];
  /**
   * Tables readers keep from the projection's tables (a cache): they move with them and start
   * empty in a build, but rows in them alone do not make the live model one of an unknown version.
   */
  readonly derived?: readonly string[];
  /**
   * Creates the tables, and the functions the projection's SQL calls, in an empty build schema with
   * the projection's own DDL (index and constraint names as in read_models). Without it each table
   * is created LIKE its live one (INCLUDING ALL), its indexes renamed to the live names and its
   * triggers copied. Functions are never moved at the switch: the live ones in read_models come
   * from the same migrations and name their tables, which are then the new ones.
   */
  create?(runner: QueryRunner, schema: string): Promise<void>;
}

/**
 * A read model built from the global log. Events are applied inside the transaction that also moves
 * the projection's checkpoint, so each event takes effect exactly once.
 */
export interface Projection {
  readonly name: string;
  /** Bumped when the projection's output changes: the new version is rebuilt side by side. */
  readonly version: number;
  readonly handles: ReadonlySet<string>;
  apply(event: LogEvent, db: SqlExecutor): Promise<void>;
  /**
   * Several events (those it handles, in log order) at once, with set-based statements; the same
   * rows as `apply` on each event in turn, which stays the reference. The engine uses it for a
   * batch's first attempt and falls back to `apply` per event to isolate an event that fails.
   * A projection made from another by replacing `apply` must replace or drop this one too.
   */
  applyBatch?(events: LogEvent[], db: SqlExecutor): Promise<void>;
  /** The tables (and functions) it owns; without them a new version replays in place. */
  readonly storage?: ProjectionStorage;
  /**
   * Its cost per batch relative to a projection of weight 1 (the default), from the replay profile
   * (`npm run bench -- --only=replay --profile`): spreads projections over the engine's
   * concurrent transactions.
   */
  readonly weight?: number;
  /** The same projection (name, version, logic) writing to another schema. */
  inSchema?(schema: string): Projection;
}

/** The checkpoint key of a projection: its name and version. */
export const checkpointKey = (p: Pick<Projection, 'name' | 'version'>): string => `${p.name}@v${p.version}`;

/** `name@vN` back to its parts (null for a key of another shape). */
export const parseCheckpointKey = (key: string): { name: string; version: number } | null => {
  const match = /^(.+)@v(\d+)$/.exec(key);
  return match ? { name: match[1]!, version: Number(match[2]) } : null;
};
