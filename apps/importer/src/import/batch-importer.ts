import type { Actor } from '@crm/events';
import { ConcurrencyError, PartiallyAppendedError, type EventStore } from '@crm/event-store';
import type { CustomerImport, RefusedRow } from './customer-import';
import { decideCustomerImport, type CustomerDecision } from './decide-customer-import';

/** What one batch did. */
export interface BatchOutcome {
  refused: RefusedRow[];
  eventsAppended: number;
  /** Customers registered by this batch. */
  customersRegistered: string[];
  /** Customers of the batch registered before it (by an earlier run of the same rows). */
  customersBefore: string[];
  ordersRecorded: number;
  ordersBefore: number;
}

/** A batch read and decided, not yet appended. */
export interface PreparedBatch {
  customers: CustomerImport[];
  decisions: CustomerDecision[];
}

export interface BatchImporterOptions {
  correlationId: string;
  actor: Actor;
  /** Decide-again attempts when another writer changed one of the streams meanwhile. */
  maxAttempts?: number;
  /** Time source for `recordedAt` (tests pin it). */
  now?: () => Date;
}

/**
 * Imports customers a batch at a time: reads each stream, decides every command of each customer
 * in memory, and appends the whole batch in one transaction (`appendMany`). A concurrent change
 * to one of the streams fails the batch as a whole; it is then read and decided again, a bounded
 * number of times.
 */
export class BatchImporter {
  constructor(
    private readonly store: EventStore,
    private readonly options: BatchImporterOptions,
  ) {}

  /** Reads, decides and appends one batch. */
  async importBatch(customers: CustomerImport[]): Promise<BatchOutcome> {
    return this.commit(await this.prepare(customers));
  }

  /**
   * Reads each customer's stream and decides its commands, without writing. The next batch can
   * be prepared while the previous one is being appended (its streams are other streams).
   */
  async prepare(customers: CustomerImport[]): Promise<PreparedBatch> {
    const histories = await Promise.all(customers.map((c) => this.store.readStream(c.streamId)));
    const context = {
      correlationId: this.options.correlationId,
      actor: this.options.actor,
      recordedAt: (this.options.now?.() ?? new Date()).toISOString(),
    };
    return { customers, decisions: customers.map((c, i) => decideCustomerImport(c, histories[i]!, context)) };
  }

  /** Appends a prepared batch in one transaction; on a concurrent change, prepares it again. */
  async commit(prepared: PreparedBatch): Promise<BatchOutcome> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1, batch = prepared; ; attempt++, batch = await this.prepare(batch.customers)) {
      const writes = batch.decisions.filter((d) => d.events.length > 0);
      try {
        const results = await this.store.appendMany(
          writes.map(({ streamId, events, expectedVersion }) => ({ streamId, events, expectedVersion })),
        );
        return outcome(
          batch.decisions,
          writes.filter((_, i) => !results[i]!.alreadyAppended),
        );
      } catch (error) {
        // Another writer changed a stream, or stored some of the same commands (a concurrent run
        // of the same file): read again; what is stored now is skipped.
        const changed = error instanceof ConcurrencyError || error instanceof PartiallyAppendedError;
        if (!changed || attempt >= maxAttempts) throw error;
      }
    }
  }
}

const outcome = (decisions: CustomerDecision[], appended: CustomerDecision[]): BatchOutcome => {
  const written = new Set(appended.map((d) => d.streamId));
  const result: BatchOutcome = {
    refused: decisions.flatMap((d) => d.refused),
    eventsAppended: appended.reduce((sum, d) => sum + d.events.length, 0),
    customersRegistered: [],
    customersBefore: [],
    ordersRecorded: 0,
    ordersBefore: 0,
  };
  for (const d of decisions) {
    const isNew = written.has(d.streamId);
    if (d.registered === 'now' && isNew) result.customersRegistered.push(d.customerId);
    // A stream the store found appended already was written by a concurrent run of the same rows.
    else if (d.registered !== 'refused') result.customersBefore.push(d.customerId);
    result.ordersRecorded += isNew ? d.ordersRecorded : 0;
    result.ordersBefore += d.ordersBefore + (isNew ? 0 : d.ordersRecorded);
  }
  return result;
};
