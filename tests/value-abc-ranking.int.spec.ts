import { refreshAbcRanking } from '@crm/read-models';
import { readCustomerDetail } from '../apps/query-api/src/customers/customer-detail.reader';
import { listCustomers } from '../apps/query-api/src/customers/customer-list.reader';
import { ValueHarness, line } from './value-support/value-events';

/**
 * The stored ABC ranking (read_models.abc_ranking, refreshed by refresh_abc_ranking) must be exactly
 * what read_models.abc_classes computes at its ranked_at under the policy it records.
 */
let h: ValueHarness;

const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY_MS).toISOString();
const id = (n: number) => `r${String(n).padStart(3, '0')}`;

interface RankRow {
  customer_id: string;
  measure_value: string;
  rank: string;
  abc_class: string;
}

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const storedRanking = () =>
  h.query<RankRow>(
    `SELECT r.customer_id, r.measure_value::text, r.rank::text, r.abc_class FROM read_models.abc_ranking r
     ORDER BY r.rank::bigint`,
  );
const computedAtRankedAt = () =>
  h.query<RankRow>(
    `SELECT x.customer_id, x.measure_value::text, x.rank::text, x.abc_class
     FROM read_models.abc_ranking_state st, read_models.abc_classes(st.ranked_at, st.policy) x
     ORDER BY x.rank::bigint`,
  );
const state = async () =>
  (
    await h.query<{ ranked_at: Date; policy_version: number | null; population: string }>(
      `SELECT ranked_at, policy_version, population::text FROM read_models.abc_ranking_state`,
    )
  )[0];

beforeAll(async () => {
  h = await ValueHarness.create('value_abc_ranking');
  const rnd = random(7);
  const events = [];
  for (let n = 1; n <= 150; n++) {
    // A few registered in the future: outside the population until then.
    events.push(h.registered(id(n), n % 37 === 0 ? daysAgo(-30) : daysAgo(400 + (n % 50))));
  }
  for (let n = 1; n <= 150; n++) {
    if (n % 9 === 0) continue; // some without any order
    const orders = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < orders; k++) {
      // Amounts from a small set: many ties, broken by customer id.
      const amount = ['10.00', '25.50', '99.99', '100.00', '1000.00'][Math.floor(rnd() * 5)]!;
      const cost = rnd() < 0.7 ? (Number(amount) * rnd()).toFixed(2) : undefined; // some unknown costs
      const at = daysAgo(rnd() < 0.15 ? 380 + rnd() * 100 : rnd() * 360); // some outside the window
      events.push(h.order(id(n), `o-${n}-${k}`, at, [line(1, amount, undefined, cost)]));
      if (rnd() < 0.1) events.push(h.cancelled(id(n), `o-${n}-${k}`, daysAgo(0.5)));
    }
  }
  await h.feed(events, 50);
});
afterAll(async () => {
  await h?.dispose();
});

describe('stored ABC ranking', () => {
  it('equals abc_classes at its ranked_at under the default policy', async () => {
    const at = await refreshAbcRanking(h.dataSource, 0);
    expect(at).toBeInstanceOf(Date);
    const stored = await storedRanking();
    expect(stored.length).toBeGreaterThan(140);
    expect(new Set(stored.map((r) => r.abc_class))).toEqual(new Set(['A', 'B', 'C']));
    expect(stored).toEqual(await computedAtRankedAt());
    expect(await state()).toMatchObject({ policy_version: null, population: String(stored.length) });
  });

  it('does nothing while a ranking under the live policy is younger than the given age', async () => {
    const before = await state();
    expect(await refreshAbcRanking(h.dataSource, 60_000)).toBeNull();
    expect((await state())!.ranked_at).toEqual(before!.ranked_at);
  });

  it('lets one of several concurrent refreshes run and the others return at once', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => refreshAbcRanking(h.dataSource, 0)));
    expect(results.filter((r) => r !== null).length).toBeGreaterThanOrEqual(1);
    expect(await storedRanking()).toEqual(await computedAtRankedAt());
  });

  it('re-ranks at once under a new policy, however young the ranking, and still equals abc_classes', async () => {
    await h.feed([h.policy(1, (p) => ({ ...p, abc: { ...p.abc, measure: 'gross_margin', aPercent: 10, abPercent: 30 } }))]);
    expect(await refreshAbcRanking(h.dataSource, 60_000)).toBeInstanceOf(Date);
    expect(await state()).toMatchObject({ policy_version: 1 });
    const stored = await storedRanking();
    expect(stored).toEqual(await computedAtRankedAt());
    expect(stored.filter((r) => r.abc_class === 'A')).toHaveLength(Math.ceil((10 * stored.length) / 100));
  });

  it('serves the customer detail from the ranking, equal to the ranking computed as of rankedAt', async () => {
    await refreshAbcRanking(h.dataSource, 0);
    for (const customer of [id(1), id(2), id(9), id(50), id(149)]) {
      const current = await readCustomerDetail(h.dataSource, customer, undefined);
      expect(current?.abc).not.toBeNull();
      const asOfRanking = await readCustomerDetail(h.dataSource, customer, current!.abc!.rankedAt);
      expect(current!.abc).toEqual(asOfRanking!.abc);
    }
  });

  it('filters the customer list by the stored class', async () => {
    const page = await listCustomers(h.dataSource, { class: 'A', limit: 200 }, new Date());
    const expected = await h.query<{ customer_id: string }>(
      `SELECT customer_id FROM read_models.abc_ranking WHERE abc_class = 'A' ORDER BY customer_id`,
    );
    expect(page.items.map((c) => c.customerId)).toEqual(expected.map((r) => r.customer_id));
    expect(page.items.every((c) => c.abcClass === 'A')).toBe(true);
  });

  it('is not served for an instant far from its ranked_at: the list ranks for that instant', async () => {
    const longAgo = new Date(Date.now() - 200 * DAY_MS);
    const page = await listCustomers(h.dataSource, { class: 'A', limit: 200 }, longAgo);
    const expected = await h.query<{ customer_id: string }>(
      `SELECT customer_id FROM read_models.live_abc_classes($1) WHERE abc_class = 'A' ORDER BY customer_id`,
      [longAgo],
    );
    expect(page.items.map((c) => c.customerId)).toEqual(expected.map((r) => r.customer_id));
  });
});
