import type { LogEvent } from '@crm/event-store';
import { startAuditPipeline, type AuditPipeline } from './audit-support/audit-pipeline';
import { ids, itemIds, searchAll, seedAuditScenario } from './audit-support/audit-scenario';

/**
 * GET /audit over the interaction index, against the events the command API appended (read back
 * from the event store): each filter finds exactly its events and pages cover everything once.
 */
let p: AuditPipeline;
let events: LogEvent[];
let splitRecordedAt: string;

beforeAll(async () => {
  p = await startAuditPipeline('audit_search_e2e');
  ({ events, splitRecordedAt } = await seedAuditScenario(p));
});

afterAll(async () => {
  await p?.close();
});

const iso = (t: string) => new Date(t).toISOString();

describe('GET /audit', () => {
  it('returns every customer event, in log order, with who, when and why, each exactly once across pages', async () => {
    expect(events.length).toBe(21);
    const items = await searchAll(p, 'order=asc', 4);
    expect(itemIds(items)).toEqual(ids(events));
    const e = events[7]!; // o-1 recorded by alice
    expect(items[7]).toEqual({
      globalPosition: e.globalPosition,
      customerId: 'c-s1',
      streamVersion: e.streamVersion,
      type: 'OrderRecorded',
      eventId: e.metadata.eventId,
      actor: { userId: 'u-alice', role: 'rep' },
      occurredAt: '2026-02-01T10:00:00.000Z',
      recordedAt: iso(e.metadata.recordedAt),
      commandId: e.metadata.commandId,
      correlationId: e.metadata.correlationId,
      causationId: e.metadata.causationId,
      summary: 'Order o-1 recorded via direct: 1 line, 2 units, 20.00',
    });
  });

  it('pages newest first with order=desc, again covering everything once', async () => {
    expect(itemIds(await searchAll(p, 'order=desc', 5))).toEqual(ids(events).reverse());
  });

  it('finds exactly the events of an actor, a role, a customer or event types', async () => {
    expect(itemIds(await searchAll(p, 'actor=u-alice'))).toEqual(
      ids(events.filter((e) => e.metadata.actor.userId === 'u-alice')),
    );
    expect(itemIds(await searchAll(p, 'role=manager'))).toEqual(
      ids(events.filter((e) => e.metadata.actor.role === 'manager')),
    );
    expect(itemIds(await searchAll(p, 'customerId=c-s2'))).toEqual(
      ids(events.filter((e) => e.streamId === 'customer-c-s2')),
    );
    const orders = events.filter((e) => e.type === 'OrderRecorded' || e.type === 'OrderCancelled');
    expect(orders.length).toBe(4);
    expect(itemIds(await searchAll(p, 'type=OrderRecorded,OrderCancelled'))).toEqual(ids(orders));
    expect(itemIds(await searchAll(p, 'type=OrderCancelled&type=OrderRecorded'))).toEqual(ids(orders));
    expect(itemIds(await searchAll(p, 'type=PaymentReceived'))).toEqual(
      ids(events.filter((e) => e.type === 'PaymentReceived')),
    );
  });

  it('filters by business time by default, [from, to), and by recorded time with timeField=recordedAt', async () => {
    const from = '2026-02-01T10:00:00Z';
    const to = '2026-03-10T10:00:00Z';
    const inRange = events.filter(
      (e) =>
        Date.parse(e.metadata.occurredAt) >= Date.parse(from) &&
        Date.parse(e.metadata.occurredAt) < Date.parse(to),
    );
    expect(inRange.map((e) => e.type)).toEqual([
      'OrderRecorded',
      'OrderRecorded',
      'VisitLogged',
      'OrderCancelled',
    ]);
    expect(itemIds(await searchAll(p, `from=${from}&to=${to}`))).toEqual(ids(inRange));
    expect(itemIds(await searchAll(p, `from=${from}&to=${to}&timeField=occurredAt`))).toEqual(ids(inRange));

    const recordedLater = events.filter(
      (e) => Date.parse(e.metadata.recordedAt) >= Date.parse(splitRecordedAt),
    );
    expect(recordedLater[0]!.type).toBe('OrderCancelled');
    expect(itemIds(await searchAll(p, `timeField=recordedAt&from=${splitRecordedAt}`))).toEqual(
      ids(recordedLater),
    );
    const recordedBefore = events.filter(
      (e) => Date.parse(e.metadata.recordedAt) < Date.parse(splitRecordedAt),
    );
    expect(itemIds(await searchAll(p, `timeField=recordedAt&to=${splitRecordedAt}`))).toEqual(
      ids(recordedBefore),
    );
  });

  it('combines filters with AND', async () => {
    const expected = events.filter(
      (e) =>
        e.metadata.actor.userId === 'u-carol' &&
        e.type === 'VisitLogged' &&
        Date.parse(e.metadata.occurredAt) >= Date.parse('2026-05-01T00:00:00Z'),
    );
    expect(expected.length).toBe(3);
    expect(
      itemIds(await searchAll(p, 'actor=u-carol&type=VisitLogged&from=2026-05-01T00:00:00Z', 2)),
    ).toEqual(ids(expected));
    expect((await p.get('/audit?actor=u-alice&customerId=c-s2')).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('answers 400 naming each offending field', async () => {
    const fields = async (query: string) => {
      const r = await p.get(`/audit?${query}`);
      expect(r.statusCode).toBe(400);
      return r.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await fields('type=OrderRecorded,Nope')).toEqual(['type']);
    expect(await fields('type=SegmentationPolicyChanged')).toEqual(['type']);
    expect(await fields('role=boss')).toEqual(['role']);
    expect(await fields('from=yesterday')).toContain('from');
    expect(await fields('from=2026-01-01T00:00:00')).toEqual(['from']);
    expect(await fields('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual(['to']);
    expect(await fields('timeField=updatedAt')).toEqual(['timeField']);
    expect(await fields('limit=0')).toEqual(['limit']);
    expect(await fields('limit=1001')).toEqual(['limit']);
    expect(await fields('cursor=abc')).toEqual(['cursor']);
    expect(await fields('customerId=%20bad')).toEqual(['customerId']);
    expect(await fields('format=csv')).toEqual(['format']);
  });

  it('accepts the consistency token of a command as ?after= and says the answer is fresh', async () => {
    const token = (await p.store.readAll(null, 1))[0]!.logPosition;
    const r = await p.get(`/audit?after=${token}&limit=1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-consistency']).toBe('fresh');
  });

  it('offers no way to change or remove an event', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const r = await p.queryApi.inject({ method, url: '/audit' });
      expect(r.statusCode).toBe(404);
    }
    const r = await p.queryApi.inject({ method: 'DELETE', url: `/audit/${events[0]!.globalPosition}` });
    expect(r.statusCode).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the search, the export, time travel and explain with their parameters', async () => {
    const doc = (await p.get('/docs-json')).json();
    const params = (path: string) =>
      (doc.paths[path].get.parameters as Array<{ name: string }>).map((x) => x.name).sort();
    expect(params('/audit')).toEqual(
      [
        'actor',
        'after',
        'cursor',
        'customerId',
        'from',
        'limit',
        'order',
        'role',
        'timeField',
        'to',
        'type',
      ].sort(),
    );
    expect(params('/audit/export')).toContain('format');
    expect(Object.keys(doc.paths['/audit/export'].get.responses['200'].content)).toEqual([
      'text/csv',
      'application/x-ndjson',
    ]);
    expect(params('/customers/{id}/history')).toEqual(['after', 'asOf', 'id', 'knownAt']);
    expect(params('/customers/{id}/explain')).toEqual(['after', 'asOf', 'id']);
  });
});
