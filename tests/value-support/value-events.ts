import { DataSource } from 'typeorm';
import type { LogEvent } from '@crm/event-store';
import { eventIdFor } from '@crm/event-store';
import {
  DEFAULT_SEGMENTATION_POLICY,
  SCHEMA_VERSIONS,
  type CrmEvent,
  type CrmEventType,
  type OrderLine,
  type SegmentationPolicy,
} from '@crm/events';
import { ProjectionEngine, READ_MODEL_MIGRATIONS, customerValueProjection } from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';

type DataOf<T extends CrmEventType> = Extract<CrmEvent, { type: T }>['data'];

const streamOf = (type: CrmEventType, data: Record<string, unknown>): string =>
  type === 'SegmentationPolicyChanged' ? 'policy-segmentation' : `customer-${String(data.customerId)}`;

const positionOf = (logPosition: string) => BigInt(logPosition.split('-')[1]!);

/**
 * Feeds hand-made events to the customer-value projection through the ProjectionEngine, on a fresh
 * migrated database. Events carry the metadata the store would give them and increasing positions.
 */
export class ValueHarness {
  private position = 0;
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly engine: ProjectionEngine,
  ) {}

  static async create(label: string): Promise<ValueHarness> {
    const db = await createTestDatabase(label, READ_MODEL_MIGRATIONS);
    const dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    const engine = new ProjectionEngine(dataSource, [customerValueProjection], (a, b) => {
      const d = positionOf(a) - positionOf(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
    return new ValueHarness(db, dataSource, engine);
  }

  event<T extends CrmEventType>(type: T, data: DataOf<T>, occurredAt?: string): LogEvent {
    const position = ++this.position;
    const streamId = streamOf(type, data as Record<string, unknown>);
    const streamVersion = (this.versions.get(streamId) ?? -1) + 1;
    this.versions.set(streamId, streamVersion);
    const commandId = `cmd-${position}`;
    return {
      type,
      data,
      streamId,
      streamVersion,
      globalPosition: String(position),
      logPosition: `1-${position}`,
      metadata: {
        eventId: eventIdFor(commandId, 0),
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { userId: 'value-tests', role: 'system' },
        occurredAt: occurredAt ?? '2026-01-01T00:00:00.000Z',
        recordedAt: '2026-01-01T00:00:00.000Z',
        schemaVersion: SCHEMA_VERSIONS[type],
      },
    };
  }

  /** Applies the events in batches of `batchSize` (each batch one transaction with the checkpoint). */
  async feed(events: LogEvent[], batchSize = 100): Promise<void> {
    for (let i = 0; i < events.length; i += batchSize)
      await this.engine.applyBatch(events.slice(i, i + batchSize));
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async dispose(): Promise<void> {
    await this.dataSource.destroy();
    await this.db.drop();
  }

  // Event builders --------------------------------------------------------------------------------

  registered(
    customerId: string,
    registeredAt = '2024-01-01T00:00:00Z',
    extra: Partial<DataOf<'CustomerRegistered'>> = {},
  ) {
    return this.event('CustomerRegistered', {
      customerId,
      name: `Customer ${customerId}`,
      type: 'retail',
      region: 'east',
      registeredAt,
      ...extra,
    });
  }

  /** An order of `quantity` units at `unitPrice` (one line), or of the given lines. */
  order(
    customerId: string,
    orderId: string,
    orderedAt: string,
    amount: string | OrderLine[],
    extra: Partial<DataOf<'OrderRecorded'>> = {},
  ) {
    const lines: OrderLine[] =
      typeof amount === 'string'
        ? [{ sku: 'SKU', category: 'cat', brand: 'brand', quantity: 1, unitPrice: amount, amount }]
        : amount;
    const cents = lines.reduce((s, l) => s + BigInt(Math.round(Number(l.amount) * 100)), 0n);
    return this.event('OrderRecorded', {
      customerId,
      orderId,
      repId: 'rep-1',
      channel: 'direct',
      lines,
      totalQuantity: lines.reduce((s, l) => s + l.quantity, 0),
      totalAmount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
      orderedAt,
      ...extra,
    });
  }

  cancelled(customerId: string, orderId: string, cancelledAt = '2026-06-01T00:00:00Z') {
    return this.event('OrderCancelled', { customerId, orderId, reason: 'test', cancelledAt });
  }

  payment(customerId: string, orderId: string, amount: string, receivedAt = '2026-06-01T00:00:00Z') {
    return this.event('PaymentReceived', {
      customerId,
      orderId,
      paymentId: `pay-${orderId}-${this.position}`,
      amount,
      receivedAt,
    });
  }

  visit(customerId: string, cost: string, visitedAt = '2026-01-05T00:00:00Z') {
    return this.event('VisitLogged', {
      customerId,
      visitId: `visit-${this.position}`,
      repId: 'rep-1',
      channel: 'onsite',
      activityType: 'demo',
      cost,
      visitedAt,
    });
  }

  policy(
    version: number,
    change: (p: SegmentationPolicy) => SegmentationPolicy,
    changedAt = '2026-01-01T00:00:00Z',
  ) {
    const base = structuredClone(DEFAULT_SEGMENTATION_POLICY);
    return this.event('SegmentationPolicyChanged', { version, policy: change(base), changedAt });
  }
}

/** A line of `quantity` × `unitPrice`, with optional list price and unit cost. */
export const line = (
  quantity: number,
  unitPrice: string,
  listPrice?: string,
  unitCost?: string,
): OrderLine => {
  const cents = BigInt(quantity) * BigInt(Math.round(Number(unitPrice) * 100));
  return {
    sku: 'SKU',
    category: 'cat',
    brand: 'brand',
    quantity,
    unitPrice,
    ...(listPrice !== undefined ? { listPrice } : {}),
    ...(unitCost !== undefined ? { unitCost } : {}),
    amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
  };
};
