import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { segmentationPolicyDecider } from '@crm/domain';
import {
  DEFAULT_SEGMENTATION_POLICY,
  SCHEMA_VERSIONS,
  type CrmEvent,
  type CrmEventType,
  type SegmentationPolicy,
} from '@crm/events';
import { EventStoreSchema1763900000000, eventIdFor, PostgresEventStore } from '@crm/event-store';
import { customerValueProjection, ProjectionEngine, READ_MODEL_MIGRATIONS, WhatIf } from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';

type DataOf<T extends CrmEventType> = Extract<CrmEvent, { type: T }>['data'];
export type PlainEvent = { [T in CrmEventType]: { type: T; data: DataOf<T> } }[CrmEventType];

export const ACTOR = { userId: 'whatif-tests', role: 'admin' } as const;

const streamOf = (e: PlainEvent): string =>
  e.type === 'SegmentationPolicyChanged'
    ? 'policy-segmentation'
    : `customer-${String((e.data as { customerId: string }).customerId)}`;

/** The default policy with some changes. */
export const policyWith = (change: (p: SegmentationPolicy) => void): SegmentationPolicy => {
  const p = structuredClone(DEFAULT_SEGMENTATION_POLICY);
  change(p);
  return p;
};

/**
 * A migrated test database with the PostgreSQL event store and the read models; appends events,
 * projects the live value read model (ProjectionEngine in batches, as the projector does) and
 * offers the WhatIf facade over both.
 */
export class WhatIfHarness {
  readonly whatIf: WhatIf;
  private readonly engine: ProjectionEngine;

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
  ) {
    this.engine = new ProjectionEngine(dataSource, [customerValueProjection], (a, b) =>
      store.comparePositions(a, b),
    );
    this.whatIf = new WhatIf({ dataSource, store, decider: segmentationPolicyDecider });
  }

  static async create(label: string): Promise<WhatIfHarness> {
    const db = await createTestDatabase(label, [EventStoreSchema1763900000000, ...READ_MODEL_MIGRATIONS]);
    const dataSource = await new DataSource({ type: 'postgres', url: db.url, logging: false }).initialize();
    return new WhatIfHarness(db, dataSource, new PostgresEventStore({ connectionString: db.url }));
  }

  /** Appends each event to its stream (a command each, in order). */
  async append(events: PlainEvent[]): Promise<void> {
    for (const e of events) {
      const commandId = randomUUID();
      await this.store.appendToStream(
        streamOf(e),
        [
          {
            ...e,
            metadata: {
              eventId: eventIdFor(commandId, 0),
              commandId,
              correlationId: commandId,
              causationId: commandId,
              actor: ACTOR,
              occurredAt: '2026-01-01T00:00:00.000Z',
              recordedAt: '2026-01-01T00:00:00.000Z',
              schemaVersion: SCHEMA_VERSIONS[e.type],
            },
          } as never,
        ],
        { expectedVersion: 'any' },
      );
    }
  }

  /** Applies the whole log to the live value read model, in batches of `batchSize`. */
  async projectLive(batchSize = 250): Promise<void> {
    let from = await this.engine.startPosition();
    for (;;) {
      const events = await this.store.readAll(from, batchSize);
      if (events.length === 0) return;
      await this.engine.applyBatch(events);
      from = events[events.length - 1]!.logPosition;
    }
  }

  /** Creates a run for `candidate` and replays it to the end. */
  async replay(candidate: unknown, batchSize = 250) {
    const run = await this.whatIf.create({ candidate, actor: ACTOR });
    const outcome = await this.whatIf.replay(run.id, { batchSize });
    return { run: await this.whatIf.get(run.id), outcome };
  }

  /** Rows of a table as JSON text, sorted, without the given columns. */
  async rows(schema: string, table: string, without: string[] = []): Promise<string[]> {
    const columns: Array<{ column_name: string }> = await this.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
    const list = columns
      .map((c) => c.column_name)
      .filter((c) => !without.includes(c))
      .map((c) => `"${c}"`)
      .join(', ');
    const rows: Array<{ row: string }> = await this.dataSource.query(
      `SELECT row_to_json(t)::text AS row FROM (SELECT ${list} FROM ${schema}."${table}") t ORDER BY 1`,
    );
    return rows.map((r) => r.row);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async dispose(): Promise<void> {
    await this.store.close();
    await this.dataSource.destroy();
    await this.db.drop();
  }
}
