import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventIdFor, type LogEvent } from '@crm/event-store';
import {
  SCHEMA_VERSIONS,
  streams,
  type ActorRole,
  type CrmEvent,
  type CrmEventType,
  type OrderLine,
} from '@crm/events';
import {
  ANALYTICS_PROJECTIONS,
  ProjectionEngine,
  READ_MODEL_MIGRATIONS,
  VALUE_PROJECTIONS,
  repQuotaProjection,
  type Projection,
} from '@crm/read-models';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, type TestDatabase } from '@crm/testing';
import { createQueryApi } from '../../apps/query-api/src/query-api.app';

type DataOf<T extends CrmEventType> = Extract<CrmEvent, { type: T }>['data'];

/** Exact money arithmetic for expectations: decimal strings ↔ integer cents. */
export const cents = (money: string): bigint => {
  const [whole, fraction = ''] = money.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
};
export const money = (value: bigint): string => {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

/** An order line: amount = quantity × unit price, exactly. */
export const line = (
  quantity: number,
  unitPrice: string,
  extra: Partial<Omit<OrderLine, 'quantity' | 'unitPrice' | 'amount'>> = {},
): OrderLine => ({
  sku: 'SKU',
  category: 'televisions',
  brand: 'Lumina',
  quantity,
  unitPrice,
  amount: money(BigInt(quantity) * cents(unitPrice)),
  ...extra,
});

const streamOf = (type: CrmEventType, data: Record<string, unknown>): string => {
  if (type === 'SegmentationPolicyChanged') return streams.segmentationPolicy();
  if (type === 'ContactPlanSet') return streams.plan(String(data.period));
  if (type === 'RepOnboarded' || type === 'QuotaAssigned' || type === 'TerritoryAssigned')
    return streams.rep(String(data.repId));
  return streams.customer(String(data.customerId));
};

const positionOf = (logPosition: string) => BigInt(logPosition.split('-')[1]!);

export interface EventOptions {
  occurredAt?: string;
  actor?: { userId: string; role: ActorRole };
  correlationId?: string;
}

/**
 * Analytics tests: a fresh migrated database, the value projections (order facts, customers, ABC)
 * with the projection under test applied through the ProjectionEngine in batches, and the query API
 * in-process for the endpoints.
 */
export class AnalyticsHarness {
  private position = 0;
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly engine: ProjectionEngine,
    readonly api: NestFastifyApplication,
    /** Queries carry an admin's token. */
    private readonly admin: Record<string, string>,
  ) {}

  static async create(
    label: string,
    projections: Projection[] = [...VALUE_PROJECTIONS, repQuotaProjection, ...ANALYTICS_PROJECTIONS],
  ): Promise<AnalyticsHarness> {
    const db = await createTestDatabase(label, READ_MODEL_MIGRATIONS);
    const dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    const engine = new ProjectionEngine(dataSource, projections, (a, b) => {
      const d = positionOf(a) - positionOf(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
    const api = await createQueryApi({ DATABASE_URL: db.url, ...TEST_AUTH_CONFIG }, { logger: false });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    return new AnalyticsHarness(db, dataSource, engine, api, await authHeaders('admin'));
  }

  event<T extends CrmEventType>(type: T, data: DataOf<T>, options: EventOptions = {}): LogEvent {
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
        correlationId: options.correlationId ?? commandId,
        causationId: commandId,
        actor: options.actor ?? { userId: 'analytics-tests', role: 'system' },
        occurredAt: options.occurredAt ?? '2026-01-01T00:00:00.000Z',
        recordedAt: '2026-01-01T00:00:01.000Z',
        schemaVersion: SCHEMA_VERSIONS[type],
      },
    };
  }

  /** Applies the events in batches (each batch one transaction with the checkpoints). */
  async feed(events: LogEvent[], batchSize = 5): Promise<void> {
    for (let i = 0; i < events.length; i += batchSize)
      await this.engine.applyBatch(events.slice(i, i + batchSize));
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  get(url: string) {
    return this.api.inject({ method: 'GET', url, headers: this.admin });
  }

  async dispose(): Promise<void> {
    await this.api?.close();
    await this.dataSource?.destroy();
    await this.db?.drop();
  }

  // Event builders --------------------------------------------------------------------------------

  registered(customerId: string, extra: Partial<DataOf<'CustomerRegistered'>> = {}) {
    return this.event('CustomerRegistered', {
      customerId,
      name: `Customer ${customerId}`,
      type: 'retail',
      region: 'east',
      registeredAt: '2025-01-01T00:00:00Z',
      ...extra,
    });
  }

  profileUpdated(customerId: string, changes: DataOf<'CustomerProfileUpdated'>['changes']) {
    return this.event('CustomerProfileUpdated', { customerId, changes, updatedAt: '2026-01-02T00:00:00Z' });
  }

  owner(customerId: string, repId: string) {
    return this.event('CustomerOwnerAssigned', {
      customerId,
      repId,
      reason: 'territory',
      assignedAt: '2026-01-02T00:00:00Z',
    });
  }

  order(
    customerId: string,
    orderId: string,
    orderedAt: string,
    lines: OrderLine[],
    extra: Partial<DataOf<'OrderRecorded'>> = {},
    options: EventOptions = {},
  ) {
    return this.event(
      'OrderRecorded',
      {
        customerId,
        orderId,
        repId: 'rep-1',
        channel: 'direct',
        lines,
        totalQuantity: lines.reduce((s, l) => s + l.quantity, 0),
        totalAmount: money(lines.reduce((s, l) => s + cents(l.amount), 0n)),
        orderedAt,
        ...extra,
      },
      options,
    );
  }

  cancelled(customerId: string, orderId: string, cancelledAt = '2026-12-01T00:00:00Z') {
    return this.event('OrderCancelled', { customerId, orderId, reason: 'customer withdrew', cancelledAt });
  }

  payment(customerId: string, orderId: string, amount: string) {
    return this.event('PaymentReceived', {
      customerId,
      orderId,
      paymentId: `pay-${this.position + 1}`,
      amount,
      receivedAt: '2026-11-20T00:00:00Z',
    });
  }

  visit(customerId: string, extra: Partial<DataOf<'VisitLogged'>> = {}) {
    return this.event('VisitLogged', {
      customerId,
      visitId: `visit-${this.position + 1}`,
      repId: 'rep-1',
      channel: 'onsite',
      activityType: 'product demo',
      cost: '10.00',
      visitedAt: '2026-11-05T09:00:00Z',
      ...extra,
    });
  }

  feedback(customerId: string, extra: Partial<DataOf<'CompetitorFeedbackRecorded'>> = {}) {
    return this.event('CompetitorFeedbackRecorded', {
      customerId,
      feedbackId: `fb-${this.position + 1}`,
      competitor: 'Acme',
      product: 'Acme X1',
      rating: 3,
      observedAt: '2026-11-05T09:00:00Z',
      ...extra,
    });
  }

  rep(repId: string, region = 'east') {
    return this.event('RepOnboarded', {
      repId,
      name: `Rep ${repId}`,
      region,
      onboardedAt: '2025-01-01T00:00:00Z',
    });
  }
}
