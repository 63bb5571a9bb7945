/**
 * Projection versions: the pure part (schema names, what to do at start-up, index names). A new
 * version of a projection is built in `rebuild_<name>_v<N>` from the start of the log while readers
 * keep the live tables in read_models, then switched in; the replaced tables are kept in
 * `retired_<name>_v<old>` until dropped (see projection-rebuild.ts).
 */

const MAX_IDENTIFIER = 63;

/** A projection name as part of a schema name: `customer-summary` → `customer_summary`. */
export const projectionSlug = (name: string): string => {
  const slug = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(slug))
    throw new Error(`projection name ${JSON.stringify(name)} must start with a letter`);
  return slug;
};

const schemaName = (kind: 'rebuild' | 'retired', name: string, version: number): string => {
  if (!Number.isInteger(version) || version < 0) throw new Error(`not a projection version: ${version}`);
  const schema = `${kind}_${projectionSlug(name)}_v${version}`;
  if (schema.length > MAX_IDENTIFIER) throw new Error(`projection name too long for a schema: ${name}`);
  return schema;
};

/** Where version `version` of a projection is built before it is switched in. */
export const buildSchemaName = (name: string, version: number): string =>
  schemaName('rebuild', name, version);

/** Where the tables of version `version` go when another version replaces them. */
export const retiredSchemaName = (name: string, version: number): string =>
  schemaName('retired', name, version);

/** The versions of `name` among schema names of one kind (`rebuild_customer_summary_v2` → 2). */
export const versionsInSchemas = (kind: 'rebuild' | 'retired', name: string, schemas: string[]): number[] => {
  const prefix = `${kind}_${projectionSlug(name)}_v`;
  return schemas
    .filter((s) => s.startsWith(prefix) && /^\d+$/.test(s.slice(prefix.length)))
    .map((s) => Number(s.slice(prefix.length)))
    .sort((a, b) => a - b);
};

/** What the database holds of one projection when the projector starts. */
export interface VersionState {
  /** The version the running code implements. */
  version: number;
  /** Versions with a checkpoint in read_models.projection_checkpoints (`name@vN`). */
  checkpointVersions: number[];
  /** Whether the live tables (not the derived ones) hold rows. */
  liveHasRows: boolean;
  /** Versions with a build schema (a rebuild in progress or abandoned). */
  builds: number[];
  /** Versions with a retired schema. */
  retired: number[];
  /** Whether the projection declares its tables (and so can be built side by side). */
  hasStorage: boolean;
}

export type VersionPlan =
  /** The live tables are this version's (or empty and new): follow the log from its checkpoint. */
  | { action: 'follow'; dropBuilds: number[] }
  /** No tables declared: the new version replays over the live tables (as before versions). */
  | { action: 'in-place'; replaces: number | null; dropBuilds: number[] }
  /**
   * Build this version side by side, then switch it in. `resume`: from its build schema's
   * checkpoint; `restore`: from its retired copy (a rollback), caught up from where it was
   * retired; `fresh`: from the start of the log. `replaces`: the live version (null: rows of an
   * unknown version).
   */
  | {
      action: 'rebuild';
      start: 'resume' | 'restore' | 'fresh';
      replaces: number | null;
      dropBuilds: number[];
    };

/** Decides what the projector does with one projection at start-up. */
export function planVersion(state: VersionState): VersionPlan {
  const { version } = state;
  if (state.checkpointVersions.includes(version)) return { action: 'follow', dropBuilds: state.builds };
  const others = state.checkpointVersions.filter((v) => v !== version);
  const replaces = others.length > 0 ? Math.max(...others) : null;
  if (replaces === null && !state.liveHasRows) return { action: 'follow', dropBuilds: state.builds };
  const dropBuilds = state.builds.filter((v) => v !== version);
  if (!state.hasStorage) return { action: 'in-place', replaces, dropBuilds };
  const start = state.builds.includes(version)
    ? 'resume'
    : state.retired.includes(version)
      ? 'restore'
      : 'fresh';
  return { action: 'rebuild', start, replaces, dropBuilds };
}

/** An index as PostgreSQL describes it (pg_get_indexdef). */
export interface IndexDefinition {
  name: string;
  definition: string;
}

const INDEX_DEF = /^CREATE (UNIQUE )?INDEX (?:"[^"]+"|\S+) ON (?:ONLY )?(?:"[^"]+"|\S+) (.*)$/s;

/** What an index does, without its name and table: `UNIQUE USING btree (customer_id)`. */
export const indexShape = (definition: string): string => {
  const match = INDEX_DEF.exec(definition);
  if (!match) throw new Error(`unexpected index definition: ${definition}`);
  return `${match[1] ?? ''}${match[2]}`;
};

/**
 * Pairs the indexes of a table created LIKE a live one (named by PostgreSQL) with the live ones of
 * the same shape, so that the built table gets the live names (migrations name them).
 */
export function indexRenames(
  live: IndexDefinition[],
  built: IndexDefinition[],
): Array<{ from: string; to: string }> {
  const unused = [...built];
  return live.map((l) => {
    const shape = indexShape(l.definition);
    const i = unused.findIndex((b) => indexShape(b.definition) === shape);
    if (i < 0) throw new Error(`no index like ${l.name} in the built table`);
    const [b] = unused.splice(i, 1);
    return { from: b!.name, to: l.name };
  });
}
