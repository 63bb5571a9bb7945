import { customerValueProjection, receivables, rfmScores } from '@crm/read-models';
import { ValueHarness, line } from './value-support/value-events';

/** Customer value, order facts, receivables ageing and RFM scores against a real PostgreSQL. */
let h: ValueHarness;

beforeAll(async () => {
  h = await ValueHarness.create('value_customer');
});
afterAll(async () => {
  await h?.dispose();
});

describe('customer value', () => {
  let events: ReturnType<ValueHarness['event']>[];
  beforeAll(async () => {
    events = [
      h.registered('v1', '2025-01-01T00:00:00Z', { name: 'Golden Harvest', region: 'east' }),
      h.event('CustomerProfileUpdated', {
        customerId: 'v1',
        changes: { name: 'Golden Harvest Trading', region: 'north' },
        updatedAt: '2025-02-01T00:00:00Z',
      }),
      h.event('CustomerOwnerAssigned', {
        customerId: 'v1',
        repId: 'rep-2',
        reason: 'territory',
        assignedAt: '2025-02-02T00:00:00Z',
      }),
      h.event('CustomerOwnerAssigned', {
        customerId: 'v1',
        repId: 'rep-3',
        previousRepId: 'rep-2',
        reason: 'rep left',
        assignedAt: '2025-03-01T00:00:00Z',
      }),
      h.visit('v1', '10.50'),
      h.visit('v1', '4.50', '2025-04-01T00:00:00Z'),
      // 2 × 10.00 (list 12.50, cost 6.00) + 1 × 5.00 (no list price, cost 1.00)
      h.order('v1', 'A', '2025-05-01T00:00:00Z', [
        line(2, '10.00', '12.50', '6.00'),
        line(1, '5.00', undefined, '1.00'),
      ]),
      // no unit cost: the order's cost is unknown
      h.order('v1', 'B', '2025-06-01T00:00:00Z', [line(3, '10.00', '10.00')]),
      h.order('v1', 'C', '2025-07-01T00:00:00Z', [line(1, '100.00', '100.00', '1.00')]),
      h.payment('v1', 'A', '5.00'),
      h.payment('v1', 'A', '10.00'),
      h.payment('v1', 'C', '40.00'),
      h.cancelled('v1', 'C'),
      h.payment('v1', 'B', '30.00'),
    ];
    await h.feed(events, 4);
  });

  it('keeps one fact row per order with cost only when every line has one', async () => {
    const rows = await h.query(
      `SELECT order_id, quantity, amount, cost, list_amount, priced_amount, paid, cancelled_at IS NOT NULL AS cancelled
       FROM read_models.order_fact ORDER BY order_id`,
    );
    expect(rows).toEqual([
      {
        order_id: 'A',
        quantity: '3',
        amount: '25.00',
        cost: '13.00',
        list_amount: '25.00',
        priced_amount: '20.00',
        paid: '15.00',
        cancelled: false,
      },
      {
        order_id: 'B',
        quantity: '3',
        amount: '30.00',
        cost: null,
        list_amount: '30.00',
        priced_amount: '30.00',
        paid: '30.00',
        cancelled: false,
      },
      {
        order_id: 'C',
        quantity: '1',
        amount: '100.00',
        cost: '1.00',
        list_amount: '100.00',
        priced_amount: '100.00',
        paid: '40.00',
        cancelled: true,
      },
    ]);
  });

  it('sums live orders, payments and visits, applies profile changes and the current owner; a cancelled order reverses', async () => {
    const [row] = await h.query(`SELECT * FROM read_models.customer_value WHERE customer_id = 'v1'`);
    expect(row).toMatchObject({
      name: 'Golden Harvest Trading',
      region: 'north',
      type: 'retail',
      owner_rep_id: 'rep-3',
      profile_change_count: 1,
      order_count: 2,
      volume: '6',
      revenue: '55.00',
      cost: '13.00',
      costed_revenue: '25.00',
      list_amount: '55.00',
      priced_amount: '50.00',
      paid: '45.00',
      visit_count: 2,
      visit_cost: '15.00',
      first_order_at: new Date('2025-05-01T00:00:00Z'),
      last_order_at: new Date('2025-06-01T00:00:00Z'),
      last_global_position: events[events.length - 1]!.globalPosition,
    });
  });

  it('changes nothing when an event is applied a second time', async () => {
    const before = await h.query(`SELECT * FROM read_models.customer_value ORDER BY customer_id`);
    const facts = await h.query(`SELECT * FROM read_models.order_fact ORDER BY order_id`);
    const transitions = await h.query(
      `SELECT * FROM read_models.lifecycle_transition ORDER BY customer_id, at`,
    );
    await h.dataSource.transaction(async (db) => {
      for (const e of events) await customerValueProjection.apply(e, db);
    });
    expect(await h.query(`SELECT * FROM read_models.customer_value ORDER BY customer_id`)).toEqual(before);
    expect(await h.query(`SELECT * FROM read_models.order_fact ORDER BY order_id`)).toEqual(facts);
    expect(await h.query(`SELECT * FROM read_models.lifecycle_transition ORDER BY customer_id, at`)).toEqual(
      transitions,
    );
  });
});

describe('receivables ageing', () => {
  const asOf = new Date('2026-06-01T00:00:00Z');
  beforeAll(async () => {
    await h.feed([
      h.registered('ra', '2025-01-01T00:00:00Z', { region: 'south' }),
      h.registered('rb', '2025-01-01T00:00:00Z', { region: 'south' }),
      h.order('ra', 'r1', '2026-05-20T00:00:00Z', '100.00'), // 12 days
      h.payment('ra', 'r1', '30.00'),
      h.order('ra', 'r2', '2026-05-02T00:00:00Z', '20.00'), // exactly 30 days: 0–30
      h.order('ra', 'r3', '2026-05-01T00:00:00Z', '7.00'), // 31 days
      h.order('rb', 'r4', '2026-04-01T00:00:00Z', '50.00', { repId: 'rep-9' }), // 61 days
      h.order('rb', 'r5', '2026-03-02T00:00:00Z', '5.00', { repId: 'rep-9' }), // 91 days
      h.order('rb', 'r6', '2026-01-01T00:00:00Z', '10.00'), // paid in full
      h.payment('rb', 'r6', '10.00'),
      h.order('rb', 'r7', '2025-12-01T00:00:00Z', '80.00'), // cancelled after a partial payment
      h.payment('rb', 'r7', '20.00'),
      h.cancelled('rb', 'r7'),
      h.order('rb', 'r8', '2026-06-02T00:00:00Z', '1000.00'), // after asOf
    ]);
  });

  it('buckets ordered − paid of live orders by age in whole days: 0–30, 31–60, 61–90, over 90', async () => {
    const report = await receivables(h.dataSource, asOf, 'customer', 10);
    const ra = report.items.find((i) => i.key === 'ra');
    const rb = report.items.find((i) => i.key === 'rb');
    expect(ra).toMatchObject({
      outstanding: '97.00',
      days0To30: '90.00',
      days31To60: '7.00',
      days61To90: '0.00',
      daysOver90: '0.00',
      openOrders: 3,
    });
    expect(rb).toMatchObject({
      outstanding: '55.00',
      days0To30: '0.00',
      days31To60: '0.00',
      days61To90: '50.00',
      daysOver90: '5.00',
      openOrders: 2,
    });
  });

  it('groups by region and by the order rep, with totals over every group', async () => {
    const byRegion = await receivables(h.dataSource, asOf, 'region', 10);
    expect(byRegion.items.find((i) => i.key === 'south')?.outstanding).toBe('152.00');
    const byRep = await receivables(h.dataSource, asOf, 'rep', 1);
    expect(byRep.items).toHaveLength(1);
    expect(byRep.groups).toBe(2);
    expect(byRep.items[0]).toMatchObject({ key: 'rep-1' });
    expect(byRep.total.outstanding).toBe(byRegion.total.outstanding);
    // v1 (first describe, region north) still owes 10.00 on A, older than 90 days.
    expect(byRegion.total).toMatchObject({ outstanding: '162.00', daysOver90: '15.00', openOrders: 6 });
  });
});

describe('RFM scores', () => {
  let r: ValueHarness;
  beforeAll(async () => {
    r = await ValueHarness.create('value_rfm');
    const events = [r.registered('none')];
    for (let i = 1; i <= 10; i++) {
      const id = `r${String(i).padStart(2, '0')}`;
      events.push(r.registered(id));
      // i orders on 2026-01-i; revenue (11 − i) × 100 + (i − 1): falls as i grows
      for (let k = 0; k < i; k++) {
        const at = `2026-01-${String(i).padStart(2, '0')}T${String(k).padStart(2, '0')}:00:00Z`;
        events.push(r.order(id, `${id}-${k}`, at, k === 0 ? `${(11 - i) * 100}.00` : '1.00'));
      }
    }
    events.push(r.order('r01', 'r01-cancelled', '2026-02-01T00:00:00Z', '99999.00'));
    events.push(r.cancelled('r01', 'r01-cancelled'));
    await r.feed(events);
  });
  afterAll(async () => {
    await r?.dispose();
  });

  it('scores R, F and M from 1 to 5 by quantile over the customers with live orders', async () => {
    const rows = await rfmScores(r.dataSource, null);
    expect(rows).toHaveLength(10);
    expect(rows.map((x) => [x.customerId, x.recency, x.frequencyScore, x.monetaryScore])).toEqual(
      Array.from({ length: 10 }, (_, i) => {
        const score = Math.floor(i / 2) + 1;
        return [`r${String(i + 1).padStart(2, '0')}`, score, score, 6 - score];
      }),
    );
    expect(rows[0]).toMatchObject({ frequency: 1, monetary: '1000.00', buckets: 5, population: 10 });
  });

  it('scores as of a date over the orders before it only', async () => {
    const rows = await rfmScores(r.dataSource, new Date('2026-01-05T00:00:00Z'));
    expect(rows.map((x) => [x.customerId, x.recency, x.monetaryScore])).toEqual([
      ['r01', 1, 4],
      ['r02', 2, 3],
      ['r03', 3, 2],
      ['r04', 4, 1],
    ]);
    expect(await rfmScores(r.dataSource, new Date('2027-01-01T00:00:00Z'))).toEqual(
      await rfmScores(r.dataSource, null),
    );
  });

  it('takes the bucket count from the live policy', async () => {
    await r.feed([r.policy(1, (p) => ({ ...p, rfm: { buckets: 2 } }))]);
    const rows = await rfmScores(r.dataSource, null, ['r05', 'r06']);
    expect(rows.map((x) => [x.customerId, x.recency])).toEqual([
      ['r05', 1],
      ['r06', 2],
    ]);
  });
});
