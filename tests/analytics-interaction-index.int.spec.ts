import { interactionIndexProjection } from '@crm/read-models';
import { AnalyticsHarness, line } from './analytics-support/analytics-harness';

/** The interaction index behind the audit search: one row per customer event, append-only. */
let h: AnalyticsHarness;

const manager = { userId: 'mgr-7', role: 'manager' as const };
const rep = { userId: 'rep-1', role: 'rep' as const };

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_interactions');
  await h.feed([
    h.event(
      'CustomerRegistered',
      {
        customerId: 'i1',
        name: 'Golden Harvest',
        type: 'distributor',
        region: 'east',
        registeredAt: '2026-01-05T00:00:00Z',
      },
      { actor: manager, occurredAt: '2026-01-05T00:00:00Z', correlationId: 'import-42' },
    ),
    h.rep('rep-1'), // not about a customer: not indexed
    h.event(
      'VisitLogged',
      {
        customerId: 'i1',
        visitId: 'v1',
        repId: 'rep-1',
        channel: 'onsite',
        activityType: 'product demo',
        cost: '35.50',
        visitedAt: '2026-02-01T09:00:00Z',
      },
      { actor: rep, occurredAt: '2026-02-01T09:00:00Z' },
    ),
    h.order(
      'i1',
      'o1',
      '2026-02-02T10:00:00Z',
      [line(2, '10.00')],
      {},
      { actor: rep, occurredAt: '2026-02-02T10:00:00Z' },
    ),
    h.event(
      'OrderCancelled',
      { customerId: 'i1', orderId: 'o1', reason: 'duplicate', cancelledAt: '2026-02-03T00:00:00Z' },
      { actor: manager, occurredAt: '2026-02-03T00:00:00Z' },
    ),
    h.event(
      'ContactPersonAdded',
      { customerId: 'i2', contactPersonId: 'p1', name: 'Mei', addedAt: '2026-02-04T00:00:00Z' },
      { actor: rep, occurredAt: '2026-02-04T00:00:00Z' },
    ),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

describe('interaction index projection', () => {
  it('keeps one row per customer event with who, when, why and a summary, in log order', async () => {
    const rows = await h.query(
      `SELECT customer_id, event_type, actor_user_id, actor_role, occurred_at, command_id, correlation_id, summary
       FROM read_models.interaction_index WHERE customer_id = 'i1' ORDER BY global_position`,
    );
    expect(rows.map((r) => r.event_type)).toEqual([
      'CustomerRegistered',
      'VisitLogged',
      'OrderRecorded',
      'OrderCancelled',
    ]);
    expect(rows[0]).toMatchObject({
      actor_user_id: 'mgr-7',
      actor_role: 'manager',
      occurred_at: new Date('2026-01-05T00:00:00Z'),
      correlation_id: 'import-42',
      summary: 'Registered Golden Harvest (distributor, east)',
    });
    expect(rows[1]!.summary).toBe('onsite contact by rep rep-1 (product demo), cost 35.50');
    expect(rows[3]!.summary).toBe('Order o1 cancelled: duplicate');
  });

  it('indexes no event that is not about a customer', async () => {
    const types = await h.query(`SELECT DISTINCT event_type FROM read_models.interaction_index`);
    expect(types.map((t) => t.event_type)).not.toContain('RepOnboarded');
  });

  it('answers searches by actor, type and time range', async () => {
    const byActor = await h.query(
      `SELECT event_type FROM read_models.interaction_index
       WHERE actor_user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY global_position`,
      ['rep-1', '2026-02-01T00:00:00Z', '2026-02-03T00:00:00Z'],
    );
    expect(byActor.map((r) => r.event_type)).toEqual(['VisitLogged', 'OrderRecorded']);
    const byType = await h.query(
      `SELECT customer_id FROM read_models.interaction_index WHERE event_type = 'ContactPersonAdded'`,
    );
    expect(byType).toEqual([{ customer_id: 'i2' }]);
  });

  it('refuses to edit or delete an entry', async () => {
    await expect(h.query(`UPDATE read_models.interaction_index SET summary = 'edited'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(h.query(`DELETE FROM read_models.interaction_index`)).rejects.toThrow(/append-only/);
  });

  it('indexes an event once even when handed it twice', async () => {
    const event = h.event('PaymentReceived', {
      customerId: 'i1',
      paymentId: 'pay-1',
      orderId: 'o1',
      amount: '1.00',
      receivedAt: '2026-02-05T00:00:00Z',
    });
    await h.dataSource.transaction(async (db) => {
      await interactionIndexProjection.apply(event, db);
      await interactionIndexProjection.apply(event, db);
    });
    const rows = await h.query(
      `SELECT 1 FROM read_models.interaction_index WHERE event_type = 'PaymentReceived'`,
    );
    expect(rows).toHaveLength(1);
  });
});
