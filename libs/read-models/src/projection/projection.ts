import type { LogEvent } from '@crm/event-store';

/** Runs SQL inside the projection's transaction (a TypeORM EntityManager or QueryRunner fits). */
export interface SqlExecutor {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * A read model built from the global log. Events are applied inside the transaction that also moves
 * the projection's checkpoint, so each event takes effect exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly handles: ReadonlySet<string>;
  apply(event: LogEvent, db: SqlExecutor): Promise<void>;
}

/** The checkpoint key of a projection: its name and version. */
export const checkpointKey = (p: Projection): string => `${p.name}@v${p.version}`;
