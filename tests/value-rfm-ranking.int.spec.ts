import { abcSummary, refreshAbcRanking, rfmScores, type RfmScoreRow } from '@crm/read-models';
import { readCustomerDetail } from '../apps/query-api/src/customers/customer-detail.reader';
import { SegmentationController } from '../apps/query-api/src/value/segmentation.controller';
import type { AsOfQuery } from '../apps/query-api/src/value/dto/as-of.query';
import { ValueHarness, line } from './value-support/value-events';

/**
 * The RFM scores and ABC summary stored with the ranking (refresh_value_ranking) must be exactly
 * what rfmScores(null) and abcSummary(ranked_at) compute, and the detail and /analytics/abc serve them.
 */
let h: ValueHarness;

const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY_MS).toISOString();
const id = (n: number) => `f${String(n).padStart(3, '0')}`;

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

/** The stored scores in rfmScores' shape. */
const storedScores = () =>
  h.query<RfmScoreRow>(
    `SELECT r.customer_id AS "customerId", r.last_order_at AS "lastOrderAt", r.frequency::int AS "frequency",
            r.monetary::numeric(18,2)::text AS "monetary", r.recency, r.frequency_score AS "frequencyScore",
            r.monetary_score AS "monetaryScore", greatest(1, (st.policy #>> '{rfm,buckets}')::int) AS "buckets",
            st.rfm_population::int AS "population"
     FROM read_models.rfm_ranking r, read_models.abc_ranking_state st
     ORDER BY r.customer_id`,
  );
const state = async () =>
  (
    await h.query<{ ranked_at: Date; abc_summary: unknown }>(
      `SELECT ranked_at, abc_summary FROM read_models.abc_ranking_state`,
    )
  )[0]!;

/** What abcSummary returns, as it comes back through JSON (instants as ISO strings). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const sameInstant = (summary: unknown) => {
  const s = summary as { windowStart: string | Date };
  return { ...(s as object), windowStart: new Date(s.windowStart).toISOString() };
};

beforeAll(async () => {
  h = await ValueHarness.create('value_rfm_ranking');
  const rnd = random(11);
  const events = [];
  for (let n = 1; n <= 160; n++) {
    // A few registered in the future: outside the ABC population until then.
    events.push(h.registered(id(n), n % 41 === 0 ? daysAgo(-30) : daysAgo(400 + (n % 50))));
  }
  for (let n = 1; n <= 160; n++) {
    if (n % 8 === 0) continue; // some without any order
    const orders = 1 + Math.floor(rnd() * 5);
    for (let k = 0; k < orders; k++) {
      // Amounts and days from small sets: many ties in all three measures, broken by customer id.
      const amount = ['10.00', '25.50', '99.99', '100.00', '1000.00'][Math.floor(rnd() * 5)]!;
      const cost = rnd() < 0.7 ? (Number(amount) * rnd()).toFixed(2) : undefined; // some unknown costs
      const at =
        rnd() < 0.15 ? daysAgo(380 + Math.floor(rnd() * 5) * 20) : daysAgo(Math.floor(rnd() * 12) * 30);
      events.push(
        h.order(id(n), `o-${n}-${k}`, at, [line(1 + Math.floor(rnd() * 3), amount, undefined, cost)]),
      );
      // Some cancelled, so a few customers have every order cancelled.
      if (rnd() < 0.12 || n % 23 === 0) events.push(h.cancelled(id(n), `o-${n}-${k}`, daysAgo(0.5)));
    }
  }
  await h.feed(events, 50);
});
afterAll(async () => {
  await h?.dispose();
});

describe('stored RFM scores and ABC summary', () => {
  it('equal rfmScores(null) and abcSummary(ranked_at) under the default policy', async () => {
    expect(await refreshAbcRanking(h.dataSource, 0)).toBeInstanceOf(Date);
    const live = await rfmScores(h.dataSource, null);
    expect(live.length).toBeGreaterThan(100);
    expect(new Set(live.map((r) => r.recency)).size).toBe(live[0]!.buckets);
    expect(await storedScores()).toEqual(live);
    const st = await state();
    expect(sameInstant(st.abc_summary)).toEqual(
      sameInstant(asJson(await abcSummary(h.dataSource, st.ranked_at))),
    );
  });

  it('equal the live computation again under a new policy (gross margin, other buckets and cut-offs)', async () => {
    await h.feed([
      h.policy(1, (p) => ({
        ...p,
        rfm: { ...p.rfm, buckets: 3 },
        abc: { ...p.abc, measure: 'gross_margin', aPercent: 10, abPercent: 30 },
      })),
    ]);
    // A young ranking under the old policy is re-made at once.
    expect(await refreshAbcRanking(h.dataSource, 60_000)).toBeInstanceOf(Date);
    const live = await rfmScores(h.dataSource, null);
    expect(live[0]!.buckets).toBe(3);
    expect(await storedScores()).toEqual(live);
    const st = await state();
    const summary = asJson(await abcSummary(h.dataSource, st.ranked_at)) as {
      measure: string;
      totalRevenue: string;
    };
    expect(summary.measure).toBe('gross_margin');
    expect(sameInstant(st.abc_summary)).toEqual(sameInstant(summary));
  });

  it('serve the customer detail: the stored scores as of rankedAt, equal to the live ones then', async () => {
    await refreshAbcRanking(h.dataSource, 0);
    const live = new Map((await rfmScores(h.dataSource, null)).map((r) => [r.customerId, r]));
    for (const customer of [id(1), id(2), id(8), id(23), id(77), id(160)]) {
      const detail = (await readCustomerDetail(h.dataSource, customer, undefined))!;
      const score = live.get(customer);
      if (!score) {
        expect(detail.rfm).toBeNull();
        continue;
      }
      expect(detail.rfm).toEqual({
        recency: score.recency,
        frequency: score.frequencyScore,
        monetary: score.monetaryScore,
        score: `${score.recency}${score.frequencyScore}${score.monetaryScore}`,
        buckets: score.buckets,
        orders: score.frequency,
        revenue: score.monetary,
        lastOrderAt: new Date(score.lastOrderAt).toISOString(),
        population: score.population,
        scoredAt: detail.abc!.rankedAt,
      });
    }
  });

  it('keep serving the scores as of rankedAt until the next refresh, which takes in new orders', async () => {
    await refreshAbcRanking(h.dataSource, 0);
    const before = (await readCustomerDetail(h.dataSource, id(8), undefined))!;
    expect(before.rfm).toBeNull(); // no orders yet
    await h.feed([h.order(id(8), 'o-8-new', daysAgo(1), [line(1, '5000.00')])]);
    const stale = (await readCustomerDetail(h.dataSource, id(8), undefined))!;
    expect(stale.rfm).toBeNull();
    expect(stale.orderCount).toBe(1);
    await refreshAbcRanking(h.dataSource, 0);
    const fresh = (await readCustomerDetail(h.dataSource, id(8), undefined))!;
    const [score] = await rfmScores(h.dataSource, null, [id(8)]);
    expect(fresh.rfm).toMatchObject({ orders: 1, revenue: '5000.00', monetary: score!.monetaryScore });
    expect(await storedScores()).toEqual(await rfmScores(h.dataSource, null));
  });

  it('serve /analytics/abc without asOf from the stored summary, as of rankedAt', async () => {
    await refreshAbcRanking(h.dataSource, 0);
    const controller = new SegmentationController(h.dataSource);
    const current = await controller.abc({} as AsOfQuery);
    expect(current.asOf).toBe((await state()).ranked_at.toISOString());
    expect(current).toEqual(await controller.abc({ asOf: current.asOf } as AsOfQuery));
    expect(current.classes.map((c) => c.abcClass)).toEqual(['A', 'B', 'C']);
  });
});
