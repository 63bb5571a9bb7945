import { ValueHarness } from './value-support/value-events';

/** Lifecycle transitions from the gaps between live orders, with the live policy's thresholds. */
let h: ValueHarness;

beforeAll(async () => {
  h = await ValueHarness.create('value_lifecycle');
});
afterAll(async () => {
  await h?.dispose();
});

const day = (d: string) => `${d}T00:00:00.000Z`;

const history = async (customerId: string, db = h) =>
  (
    await db.query<{ at: Date; from_stage: string | null; to_stage: string }>(
      `SELECT at, from_stage, to_stage FROM read_models.lifecycle_transition WHERE customer_id = $1 ORDER BY at`,
      [customerId],
    )
  ).map((r) => [r.at.toISOString().slice(0, 10), r.from_stage, r.to_stage]);

const stageAt = async (customerId: string, asOf: string) => {
  const [row] = await h.query<{ stage: string }>(
    `SELECT read_models.lifecycle_stage(first_order_at, last_order_at, last_reactivated_at, $2, read_models.live_policy()) AS stage
     FROM read_models.customer_value WHERE customer_id = $1`,
    [customerId, asOf],
  );
  return row!.stage;
};

describe('customer lifecycle (default policy: new 90 days, at risk after 90, dormant after 180)', () => {
  const orders = () => [
    h.registered('life', day('2025-01-01')),
    h.order('life', 'o1', day('2025-01-10'), '10'),
    h.order('life', 'o2', day('2025-02-01'), '10'),
    h.order('life', 'o3', day('2025-06-01'), '10'), // 120 days after o2: was at risk
    h.order('life', 'o4', day('2026-01-01'), '10'), // 214 days after o3: was dormant
  ];

  it('writes every transition, time-driven ones included, from the gaps between orders', async () => {
    await h.feed(orders(), 1);
    expect(await history('life')).toEqual([
      ['2025-01-01', null, 'prospect'],
      ['2025-01-10', 'prospect', 'new'],
      ['2025-04-10', 'new', 'active'], // 90 days after the first order
      ['2025-05-02', 'active', 'at_risk'], // 90 days after o2
      ['2025-06-01', 'at_risk', 'active'], // an order after an at-risk gap: active again
      ['2025-08-30', 'active', 'at_risk'],
      ['2025-11-28', 'at_risk', 'dormant'], // 180 days after o3
      ['2026-01-01', 'dormant', 'reactivated'],
      ['2026-04-01', 'reactivated', 'at_risk'], // the same instant ends "reactivated": at_risk wins
      ['2026-06-30', 'at_risk', 'dormant'], // scheduled: holds unless another order arrives
    ]);
  });

  it('computes the current stage from the last order and the as-of instant', async () => {
    expect(await stageAt('life', day('2026-01-01'))).toBe('reactivated');
    expect(await stageAt('life', '2026-03-31T23:59:59.999Z')).toBe('reactivated');
    expect(await stageAt('life', day('2026-04-01'))).toBe('at_risk');
    expect(await stageAt('life', day('2026-06-30'))).toBe('dormant');
  });

  it('gives the same rows whatever the batch size', async () => {
    const other = await ValueHarness.create('value_lifecycle_batch');
    try {
      const events = [
        other.registered('life', day('2025-01-01')),
        other.order('life', 'o4', day('2026-01-01'), '10'), // recorded out of business-time order
        other.order('life', 'o1', day('2025-01-10'), '10'),
        other.order('life', 'o3', day('2025-06-01'), '10'),
        other.order('life', 'o2', day('2025-02-01'), '10'),
      ];
      await other.feed(events, 100);
      expect(await history('life', other)).toEqual(await history('life'));
    } finally {
      await other.dispose();
    }
  });

  it('rewrites the history when an order is cancelled', async () => {
    await h.feed([h.cancelled('life', 'o4')]);
    expect((await history('life')).slice(-3)).toEqual([
      ['2025-06-01', 'at_risk', 'active'],
      ['2025-08-30', 'active', 'at_risk'],
      ['2025-11-28', 'at_risk', 'dormant'],
    ]);
    const [row] = await h.query(
      `SELECT last_order_at, last_reactivated_at, order_count FROM read_models.customer_value WHERE customer_id = 'life'`,
    );
    expect(row).toEqual({
      last_order_at: new Date(day('2025-06-01')),
      last_reactivated_at: null,
      order_count: 3,
    });
  });

  it('inserts a back-dated order into the history where it belongs', async () => {
    await h.feed([h.order('life', 'o5', day('2025-10-01'), '10')]);
    expect((await history('life')).slice(5)).toEqual([
      ['2025-08-30', 'active', 'at_risk'],
      ['2025-10-01', 'at_risk', 'active'],
      ['2025-12-30', 'active', 'at_risk'],
      ['2026-03-30', 'at_risk', 'dormant'],
    ]);
  });

  it('recomputes every customer with the thresholds of a new policy', async () => {
    await h.feed([
      h.policy(1, (p) => ({
        ...p,
        lifecycle: { newWithinDays: 30, atRiskAfterDays: 60, dormantAfterDays: 100 },
      })),
    ]);
    expect(await history('life')).toEqual([
      ['2025-01-01', null, 'prospect'],
      ['2025-01-10', 'prospect', 'new'],
      ['2025-02-09', 'new', 'active'],
      ['2025-04-02', 'active', 'at_risk'], // 60 days after o2
      ['2025-05-12', 'at_risk', 'dormant'], // 100 days after o2
      ['2025-06-01', 'dormant', 'reactivated'],
      ['2025-07-01', 'reactivated', 'active'],
      ['2025-07-31', 'active', 'at_risk'],
      ['2025-09-09', 'at_risk', 'dormant'],
      ['2025-10-01', 'dormant', 'reactivated'],
      ['2025-10-31', 'reactivated', 'active'],
      ['2025-11-30', 'active', 'at_risk'],
      ['2026-01-09', 'at_risk', 'dormant'],
    ]);
  });

  it('keeps a registered customer without live orders a prospect', async () => {
    await h.feed([
      h.registered('quiet', day('2025-03-01')),
      h.order('quiet', 'q1', day('2025-04-01'), '5'),
      h.cancelled('quiet', 'q1'),
    ]);
    expect(await history('quiet')).toEqual([['2025-03-01', null, 'prospect']]);
    expect(await stageAt('quiet', day('2026-01-01'))).toBe('prospect');
  });
});

describe('lifecycle maintenance under random order, cancellations and policy changes', () => {
  it('keeps exactly the history a full recomputation gives', async () => {
    const r = await ValueHarness.create('value_lifecycle_random');
    try {
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const start = Date.parse('2024-01-01T00:00:00Z');
      const events = [];
      const live: Array<[string, string]> = [];
      for (let c = 0; c < 30; c++)
        events.push(r.registered(`x${c}`, new Date(start + c * 86_400_000).toISOString()));
      for (let i = 0; i < 400; i++) {
        const customer = `x${Math.floor(random() * 30)}`;
        if (i === 200)
          events.push(
            r.policy(1, (p) => ({
              ...p,
              lifecycle: { newWithinDays: 45, atRiskAfterDays: 60, dormantAfterDays: 120 },
            })),
          );
        if (random() < 0.15 && live.length > 0) {
          const [c, o] = live.splice(Math.floor(random() * live.length), 1)[0]!;
          events.push(r.cancelled(c, o));
        } else {
          // mostly forward in time, one in four back-dated anywhere in two years
          const day = random() < 0.25 ? random() * 730 : 30 + i * 1.8 + random() * 20;
          const orderId = `o${i}`;
          live.push([customer, orderId]);
          events.push(
            r.order(customer, orderId, new Date(start + Math.floor(day * 86_400_000)).toISOString(), '10'),
          );
        }
      }
      await r.feed(events, 37);
      const snapshot = () =>
        r.query(
          `SELECT customer_id, at, from_stage, to_stage FROM read_models.lifecycle_transition ORDER BY customer_id, at`,
        );
      const columns = () =>
        r.query(
          `SELECT customer_id, first_order_at, last_order_at, last_reactivated_at FROM read_models.customer_value ORDER BY customer_id`,
        );
      const incremental = await snapshot();
      const incrementalColumns = await columns();
      expect(incremental.length).toBeGreaterThan(100);
      await r.query(`TRUNCATE read_models.lifecycle_transition`);
      await r.query(`SELECT read_models.lifecycle_refresh(NULL, NULL, 0)`);
      expect(await snapshot()).toEqual(incremental);
      expect(await columns()).toEqual(incrementalColumns);
    } finally {
      await r.dispose();
    }
  });
});
