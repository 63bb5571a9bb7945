import { Client, DatabaseError, Pool, type PoolClient } from 'pg';
import { upcast, type RecordedEvent } from '@crm/events';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  LogEvent,
  ReadStreamOptions,
  StreamAppend,
  StreamAppendResult,
  SubscribeOptions,
  Subscription,
} from '../port/event-store';
import { ConcurrencyError } from '../port/errors';
import { eventIdFor } from '../port/event-ids';
import { comparePgPositions, formatPosition, parsePosition } from './log-position';
import { AppendNotifier } from './append-notifier';
import { APPEND_TO_STREAM_SQL, eventColumns } from './append-statement';
import { appendBatch } from './postgres-batch-append';

const CHANNEL = 'event_store_appended';
const UNIQUE_VIOLATION = '23505';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
}

const COLUMNS = `global_position::text, transaction_id::text, stream_id, stream_version, event_type,
  schema_version, data, metadata`;

/** A stored row as an event of the current schema: older versions are upcast on the way out. */
const toRecorded = (row: EventRow): LogEvent => {
  const current = upcast(row.event_type, row.schema_version, row.data);
  return {
    type: row.event_type,
    data: current.data,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: row.global_position,
    metadata: { ...row.metadata, schemaVersion: current.schemaVersion },
    logPosition: formatPosition({
      transactionId: BigInt(row.transaction_id),
      globalPosition: BigInt(row.global_position),
    }),
  };
};

/** What the append statement did: the result if it wrote, else the stream's version it saw. */
interface AppendOutcome {
  appended: AppendResult | null;
  currentVersion: number | 'no_stream' | null;
}

const withoutStream = ({
  streamId: _streamId,
  ...result
}: AppendResult & { streamId: string }): AppendResult => result;

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
  /** How long a live subscription waits for a notification before it reads anyway. */
  pollIntervalMs?: number;
  /**
   * Test hook: drop the transaction-id filter from readAll. Only the contract suite sets it, to show
   * that the filter is what keeps late-committing transactions from being skipped.
   */
  unsafeIgnoreInFlightTransactions?: boolean;
}

/** The event store on PostgreSQL: the default adapter, needing no server besides the database. */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly subscriptions = new Set<Subscription>();
  private readonly notifier: AppendNotifier;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    this.notifier = new AppendNotifier(options.connectionString, CHANNEL);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    let outcome: AppendOutcome;
    try {
      outcome = await this.appendStatement(streamId, events, expectedVersion);
    } catch (error) {
      // A unique violation waited for the conflicting transaction, which has committed: either it
      // stored this command's events (a repeat), or it took the versions (a concurrent writer).
      if (!(error instanceof DatabaseError && error.code === UNIQUE_VIOLATION)) throw error;
      outcome = { appended: null, currentVersion: null };
    }
    if (outcome.appended) {
      this.notifier.appended();
      return outcome.appended;
    }
    // Nothing was written. A repeated command is answered with its first result even when the
    // stream has moved on since; only otherwise is the expected version stale.
    const previous = await this.findByEventIds(
      this.pool,
      events.map((e) => e.metadata.eventId),
    );
    if (previous) return withoutStream(previous);
    const actual = outcome.currentVersion ?? (await this.currentVersion(this.pool, streamId));
    throw new ConcurrencyError(streamId, expectedVersion, actual);
  }

  /**
   * The whole append in one statement (one round trip, its own transaction): read the stream's
   * version, insert the events only if it is the expected one. The stream's unique (stream_id,
   * stream_version) key decides between concurrent writers; the unique event_id key catches a
   * repeated command. Subscribers are woken after the commit (AppendNotifier), not by a NOTIFY in
   * this transaction. A named statement: each connection parses and plans it once.
   */
  private async appendStatement(
    streamId: string,
    events: EventToAppend[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendOutcome> {
    const expected =
      expectedVersion === 'any' ? null : expectedVersion === 'no_stream' ? -1 : expectedVersion;
    const { rows } = await this.pool.query<{
      current_version: number | null;
      stream_version: number | null;
      global_position: string | null;
      transaction_id: string | null;
    }>({
      name: 'event_store_append',
      text: APPEND_TO_STREAM_SQL,
      values: [streamId, expected, ...eventColumns(events)],
    });
    const row = rows[0]!;
    const currentVersion =
      row.current_version === null || row.current_version < 0 ? 'no_stream' : row.current_version;
    if (row.global_position === null || row.transaction_id === null || row.stream_version === null) {
      return { appended: null, currentVersion };
    }
    return {
      appended: {
        streamVersion: row.stream_version,
        globalPosition: row.global_position,
        logPosition: formatPosition({
          transactionId: BigInt(row.transaction_id),
          globalPosition: BigInt(row.global_position),
        }),
        alreadyAppended: false,
      },
      currentVersion,
    };
  }

  async appendMany(batch: StreamAppend[]): Promise<StreamAppendResult[]> {
    return appendBatch(this.pool, batch, () => this.notifier.appended());
  }

  async findAppendedCommand(commandId: string): Promise<(AppendResult & { streamId: string }) | null> {
    return this.findByEventIds(this.pool, [eventIdFor(commandId, 0)]);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'event_store_read_stream',
      text: `SELECT ${COLUMNS} FROM event_store.events
       WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
         AND ($4::timestamptz IS NULL OR occurred_at <= $4)
       ORDER BY stream_version`,
      values: [
        streamId,
        options.fromVersion ?? 0,
        options.toVersion ?? 2147483647,
        options.untilTime ?? null,
      ],
    });
    return rows.map((row) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { logPosition, ...event } = toRecorded(row);
      return event;
    });
  }

  async readAll(from: string | null, limit: number): Promise<LogEvent[]> {
    const position = parsePosition(from);
    // Only rows of transactions older than every transaction still in flight: a transaction that
    // took a lower position but commits later can never be passed over by a reader.
    const inFlightFilter = this.options.unsafeIgnoreInFlightTransactions
      ? ''
      : 'AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
    const { rows } = await this.pool.query<EventRow>({
      name: this.options.unsafeIgnoreInFlightTransactions
        ? 'event_store_read_all_unfiltered'
        : 'event_store_read_all',
      // Order by the stored xid8 column, not the text column of the same name in the select list
      // (text order would put transaction 1001 before 998).
      text: `SELECT ${COLUMNS} FROM event_store.events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint) ${inFlightFilter}
       ORDER BY e.transaction_id, e.global_position
       LIMIT $3`,
      values: [position.transactionId.toString(), position.globalPosition.toString(), limit],
    });
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new LogSubscription(this, this.options, options);
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  comparePositions(a: string, b: string): number {
    return comparePgPositions(a, b);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.notifier.close();
    await this.pool.end();
  }

  private async currentVersion(db: Pool | PoolClient, streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await db.query<{ version: number | null }>(
      `SELECT max(stream_version) AS version FROM event_store.events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.version ?? 'no_stream';
  }

  private async findByEventIds(
    db: Pool | PoolClient,
    eventIds: string[],
  ): Promise<(AppendResult & { streamId: string }) | null> {
    const { rows } = await db.query<{
      stream_id: string;
      stream_version: number;
      global_position: string;
      transaction_id: string;
    }>(
      // A command's events share one stream and one transaction (which a batch append shares with
      // other commands): the last of them is its result.
      `WITH first AS (
         SELECT stream_id, transaction_id, metadata->>'commandId' AS command_id
         FROM event_store.events WHERE event_id = ANY($1::uuid[]) LIMIT 1
       )
       SELECT e.stream_id, e.stream_version, e.global_position::text, e.transaction_id::text
       FROM event_store.events e JOIN first USING (stream_id, transaction_id)
       WHERE e.metadata->>'commandId' = first.command_id
       ORDER BY e.stream_version DESC LIMIT 1`,
      [eventIds],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      globalPosition: row.global_position,
      logPosition: formatPosition({
        transactionId: BigInt(row.transaction_id),
        globalPosition: BigInt(row.global_position),
      }),
      alreadyAppended: true,
    };
  }

  /** A dedicated connection for LISTEN (not from the pool: it stays open). */
  newListenerClient(): Client {
    return new Client({ connectionString: this.options.connectionString });
  }

  static readonly CHANNEL = CHANNEL;
}

/** Catch-up, then live: reads the log in batches and waits for a notification when at the end. */
class LogSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wake: (() => void) | null = null;
  private notified = false;
  private listener: Client | null = null;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly storeOptions: PostgresEventStoreOptions,
    private readonly options: SubscribeOptions,
  ) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let position = this.options.from;
    const batchSize = this.options.batchSize ?? 1000;
    // A notification that arrives after a read began is kept for the next round, so the flag is
    // cleared just before each read (including a read ahead).
    const read = (from: string | null) => {
      this.notified = false;
      return this.store.readAll(from, batchSize);
    };
    // The next batch, read while this one is handled when this one was full (a catch-up): reading
    // and applying then overlap instead of taking turns.
    let ahead: Promise<LogEvent[]> | null = null;
    try {
      while (!this.stopped) {
        await this.ensureListening();
        const batch = await (ahead ?? read(position));
        ahead = null;
        if (this.stopped) break;
        if (batch.length > 0) {
          const last = batch[batch.length - 1]!.logPosition;
          if (batch.length === batchSize) {
            ahead = read(last);
            // Awaited on the next round, or in `finally` when onBatch fails.
            ahead.catch(() => undefined);
          }
          await this.options.onBatch(batch);
          position = last;
          if (batch.length === batchSize) continue;
        }
        // Stopped while the batch was handled: stop() found no wait to cut short, so none may begin.
        if (!this.notified && !this.stopped) await this.waitForNotification();
      }
    } finally {
      await ahead?.catch(() => undefined);
      await this.listener?.end().catch(() => undefined);
    }
  }

  private async ensureListening(): Promise<void> {
    if (this.listener) return;
    const client = this.store.newListenerClient();
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('error', () => {
      // The connection was lost: fall back to polling and reconnect on the next round.
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  private waitForNotification(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.storeOptions.pollIntervalMs ?? 1000);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
