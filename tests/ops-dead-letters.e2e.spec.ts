import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SCHEMA_VERSIONS, type CrmEvent } from '@crm/events';
import { eventIdFor, PostgresEventStore, type EventToAppend } from '@crm/event-store';
import { authHeaders, createTestDatabase, waitFor, type TestDatabase } from '@crm/testing';
import { Client } from 'pg';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';
import {
  serveProjectorHttp,
  type ProjectorHttpServer,
} from '../apps/projector/src/ops/projector-http-server';
import { total } from './ops-support/prometheus-text';

/**
 * A poison event (an OrderRecorded whose total is not a number, appended raw to the store) makes
 * the customer summary's SQL fail. It lands in read_models.dead_letters with its error; with the
 * default policy (skip) the projections continue after it, with `stop` the failing projection
 * stops before it and the projector is not ready. The projector's /health/ready and /metrics say so.
 */
const quiet = { log: () => undefined, error: () => undefined };
const ORDERED_AT = '2026-11-20T10:00:00.000Z';

const poisonOrder = (customerId: string): EventToAppend => {
  const event = {
    type: 'OrderRecorded',
    data: {
      customerId,
      orderId: 'poison-1',
      channel: 'direct',
      lines: [
        {
          sku: 'TV-55',
          category: 'televisions',
          brand: 'Lumina',
          quantity: 1,
          unitPrice: '9.00',
          amount: '9.00',
        },
      ],
      totalQuantity: 1,
      totalAmount: 'twelve',
      orderedAt: ORDERED_AT,
    },
  } as unknown as CrmEvent;
  return {
    ...event,
    metadata: {
      eventId: eventIdFor('poison-order', 0),
      commandId: 'poison-order',
      correlationId: 'poison-order',
      causationId: 'poison-order',
      actor: { userId: 'test', role: 'system' },
      occurredAt: ORDERED_AT,
      recordedAt: new Date().toISOString(),
      schemaVersion: SCHEMA_VERSIONS.OrderRecorded,
    },
  };
};

const order = (orderId: string) => ({
  orderId,
  channel: 'direct',
  orderedAt: ORDERED_AT,
  lines: [{ sku: 'TV-55', category: 'televisions', brand: 'Lumina', quantity: 2, unitPrice: '10.00' }],
});
const visit = {
  repId: 'rep-d',
  channel: 'onsite',
  activityType: 'product demo',
  cost: '20.00',
  visitedAt: '2026-11-19T10:00:00Z',
};

/** A database, the command API, and a projector with its HTTP endpoints, for one policy. */
class Scenario {
  private constructor(
    readonly db: TestDatabase,
    readonly commandApi: NestFastifyApplication,
    readonly projector: RunningProjector,
    readonly http: ProjectorHttpServer,
    readonly store: PostgresEventStore,
    readonly sql: Client,
  ) {}

  static async start(label: string, onError: 'skip' | 'stop'): Promise<Scenario> {
    const db = await createTestDatabase(label, PROJECTOR_MIGRATIONS);
    const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, PROJECTOR_ON_ERROR: onError };
    const commandApi = await createCommandApi(env, { logger: false });
    await commandApi.init();
    await commandApi.getHttpAdapter().getInstance().ready();
    const projector = await startProjector(env, quiet);
    const http = await serveProjectorHttp(projector.monitor, { port: 0, host: '127.0.0.1' });
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    return new Scenario(
      db,
      commandApi,
      projector,
      http,
      new PostgresEventStore({ connectionString: db.url }),
      sql,
    );
  }

  async post(url: string, payload: object): Promise<void> {
    const response = await this.commandApi.inject({
      method: 'POST',
      url,
      payload,
      headers: await authHeaders(),
    });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  }

  /** Customer, poison order, then a visit and a valid order: versions 0 to 3 of its stream. */
  async feed(customerId: string): Promise<void> {
    await this.post('/reps', { repId: 'rep-d', name: 'Li Wei', region: 'east' });
    await this.post('/customers', {
      customerId,
      name: 'Golden Harvest',
      type: 'distributor',
      region: 'east',
    });
    await this.store.appendToStream(`customer-${customerId}`, [poisonOrder(customerId)], {
      expectedVersion: 0,
    });
    await this.post(`/customers/${customerId}/visits`, visit);
    await this.post(`/customers/${customerId}/orders`, order('good-1'));
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`http://127.0.0.1:${this.http.port}${path}`);
    return { status: response.status, text: await response.text() };
  }

  async rows<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return (await this.sql.query(query, params)).rows as T[];
  }

  /** Every projection's checkpoint has passed the last event of the log. */
  async caughtUp(): Promise<boolean> {
    const [head] = await this.rows<{ p: string }>(
      `SELECT transaction_id::text || '-' || global_position AS p FROM event_store.events
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const checkpoints = await this.rows<{ log_position: string }>(
      `SELECT log_position FROM read_models.projection_checkpoints`,
    );
    return checkpoints.length > 0 && checkpoints.every((c) => c.log_position === head!.p);
  }

  async dispose(): Promise<void> {
    await this.http.close();
    await this.projector.stop();
    await this.commandApi.close();
    await this.store.close();
    await this.sql.end();
    await this.db.drop();
  }
}

describe('dead letters, default policy (skip)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await Scenario.start('ops_dead_skip', 'skip');
    await s.feed('cust-d');
  }, 60_000);
  afterAll(() => s?.dispose());

  it('records the poison event with its error and applies the events after it', async () => {
    await waitFor(() => s.caughtUp(), Boolean, { what: 'every projection to pass the last event' });
    const dead = await s.rows<Record<string, unknown>>(
      `SELECT * FROM read_models.dead_letters WHERE projection = 'customer-summary@v1'`,
    );
    expect(dead).toEqual([
      expect.objectContaining({
        event_id: eventIdFor('poison-order', 0),
        event_type: 'OrderRecorded',
        stream_id: 'customer-cust-d',
        stream_version: 1,
        global_position: expect.stringMatching(/^\d+$/),
        log_position: expect.stringMatching(/^\d+-\d+$/),
        error_message: expect.stringContaining('invalid input syntax for type numeric'),
        error_stack: expect.stringContaining('\n    at '),
        payload: expect.objectContaining({ data: expect.objectContaining({ totalAmount: 'twelve' }) }),
        attempts: 1,
        failed_at: expect.any(Date),
      }),
    ]);
    // Every projection that failed on it recorded the same event, and only it.
    const all = await s.rows<{ event_id: string }>(`SELECT event_id FROM read_models.dead_letters`);
    expect(new Set(all.map((d) => d.event_id))).toEqual(new Set([eventIdFor('poison-order', 0)]));
    // The summary has the visit and the valid order, not the poison one: only the poison's own
    // statements were rolled back.
    const [summary] = await s.rows<{ visit_count: number; order_count: number; revenue: string }>(
      `SELECT visit_count, order_count, revenue::text FROM read_models.customer_summary WHERE customer_id = 'cust-d'`,
    );
    expect(summary).toEqual({ visit_count: 1, order_count: 1, revenue: '20.00' });
  }, 30_000);

  it('shows the dead letters on /metrics and on /health/ready, which stays ready', async () => {
    const metrics = await s.get('/metrics');
    expect(metrics.status).toBe(200);
    const dead = await s.rows<{ n: number }>(`SELECT count(*)::int AS n FROM read_models.dead_letters`);
    expect(total(metrics.text, 'crm_projection_dead_letters', { projection: 'customer-summary@v1' })).toBe(1);
    expect(total(metrics.text, 'crm_projection_dead_letters')).toBe(dead[0]!.n);
    expect(total(metrics.text, 'crm_projection_lag_events', { projection: 'customer-summary@v1' })).toBe(0);
    expect(total(metrics.text, 'crm_projection_lag_seconds', { projection: 'customer-summary@v1' })).toBe(0);
    expect(total(metrics.text, 'crm_projector_events_applied_total')).toBeGreaterThan(0);
    expect(total(metrics.text, 'crm_projector_following')).toBe(1);
    expect(total(metrics.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    const ready = await s.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        subscription: { status: 'up', state: 'running' },
        projections: { status: 'up' },
        deadLetters: { status: 'up', count: dead[0]!.n },
      },
    });
    expect((await s.get('/health/live')).status).toBe(200);
  }, 30_000);
});

describe('dead letters, stop policy', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await Scenario.start('ops_dead_stop', 'stop');
    await s.feed('cust-s');
  }, 60_000);
  afterAll(() => s?.dispose());

  it('stops the failing projection before the poison event while the others go on', async () => {
    const checkpoint = (projection: string) =>
      s
        .rows<{ log_position: string }>(
          `SELECT log_position FROM read_models.projection_checkpoints WHERE projection = $1`,
          [projection],
        )
        .then((r) => r[0]?.log_position ?? null);
    const position = (version: number) =>
      s
        .rows<{ p: string }>(
          `SELECT transaction_id::text || '-' || global_position AS p FROM event_store.events
           WHERE stream_id = 'customer-cust-s' AND stream_version = $1`,
          [version],
        )
        .then((r) => r[0]!.p);
    const [registered, last] = [await position(0), await position(3)];
    await waitFor(
      () => s.rows<{ projection: string }>(`SELECT projection FROM read_models.dead_letters`),
      (r) => r.some((d) => d.projection === 'customer-summary@v1'),
      { what: 'the dead letter' },
    );
    // A projection that applies the poison event without failing goes on to the last event.
    await waitFor(
      () => checkpoint('interaction-index@v1'),
      (p) => p === last,
      {
        what: 'the interaction index to pass the last event',
      },
    );
    expect(await checkpoint('customer-summary@v1')).toBe(registered);
    const [summary] = await s.rows<{ visit_count: number; order_count: number }>(
      `SELECT visit_count, order_count FROM read_models.customer_summary WHERE customer_id = 'cust-s'`,
    );
    expect(summary).toEqual({ visit_count: 0, order_count: 0 });
  }, 30_000);

  it('reports the stopped projection: /health/ready 503, halted and lagging on /metrics', async () => {
    const ready = await s.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'error',
      error: {
        projections: {
          status: 'down',
          stopped: expect.arrayContaining([
            expect.objectContaining({
              projection: 'customer-summary@v1',
              eventId: eventIdFor('poison-order', 0),
              error: expect.stringContaining('invalid input syntax for type numeric'),
            }),
          ]),
        },
      },
      info: { database: { status: 'up' }, deadLetters: { status: 'up', count: expect.any(Number) } },
    });
    const metrics = (await s.get('/metrics')).text;
    expect(total(metrics, 'crm_projection_halted', { projection: 'customer-summary@v1' })).toBe(1);
    // Poison, visit and order are behind it.
    expect(total(metrics, 'crm_projection_lag_events', { projection: 'customer-summary@v1' })).toBe(3);
    expect(
      total(metrics, 'crm_projection_lag_seconds', { projection: 'customer-summary@v1' }),
    ).toBeGreaterThan(0);
    expect(total(metrics, 'crm_projection_dead_letters', { projection: 'customer-summary@v1' })).toBe(1);
  }, 30_000);
});
