import type { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@crm/platform';
import { rfmScores } from '@crm/read-models';
import { CUSTOMER_COLUMNS, toCustomerView } from './customer-columns';
import { ensureUsableRanking, RANKING_AGE_MS_SQL, RANKING_USABLE_SQL, refreshIfDue } from './abc-ranking';
import type { CustomerDetailView, LifecycleView, RfmView } from './dto/customer-detail.view';

const DETAIL_COLUMNS = `${CUSTOMER_COLUMNS},
  c.owner_assigned_at AS "ownerAssignedAt", c.profile_change_count AS "profileChangeCount",
  c.profile_updated_at AS "profileUpdatedAt",
  json_build_object(
    'revenue', c.revenue::text, 'costedRevenue', c.costed_revenue::text, 'cost', c.cost::text,
    'grossMargin', (c.costed_revenue - c.cost)::text,
    'grossMarginRate', CASE WHEN c.costed_revenue <> 0 THEN round((c.costed_revenue - c.cost) / c.costed_revenue, 4)::text END,
    'averageSellingPrice', CASE WHEN c.volume > 0 THEN round(c.revenue / c.volume, 2)::text END,
    'listAmount', c.list_amount::text, 'pricedAmount', c.priced_amount::text,
    'priceRealisation', CASE WHEN c.list_amount > 0 THEN round(c.priced_amount / c.list_amount, 4)::text END,
    'paid', c.paid::text, 'outstanding', (c.revenue - c.paid)::text,
    'contactCost', c.visit_cost::text,
    'costToServe', CASE WHEN c.revenue > 0 THEN round(c.visit_cost / c.revenue, 4)::text END,
    'marginAfterContactCost', (c.costed_revenue - c.cost - c.visit_cost)::text
  ) AS "value"`;

/** With `asOf`, or when no stored ranking may be served: every customer ranked for this request. */
const LIVE_DETAIL_SQL = `
WITH pol AS (
  SELECT read_models.live_policy() AS policy,
         (SELECT p.version FROM read_models.segmentation_policy p
          ORDER BY p.global_position DESC, p.version DESC LIMIT 1) AS version
),
a AS MATERIALIZED (
  SELECT x.*, count(*) OVER () AS n FROM pol, read_models.abc_classes($1::timestamptz, pol.policy) x
)
SELECT ${DETAIL_COLUMNS},
  CASE WHEN a.customer_id IS NOT NULL THEN json_build_object(
    'abcClass', a.abc_class, 'rank', a.rank, 'population', a.n, 'measure', pol.policy #>> '{abc,measure}',
    'measureValue', a.measure_value::text, 'policyVersion', pol.version, 'rankedAt', $1::timestamptz) END AS "abc",
  true AS "rankingUsable", NULL::float8 AS "rankingAgeMs"
FROM read_models.customer_value c CROSS JOIN pol LEFT JOIN a ON a.customer_id = c.customer_id
WHERE c.customer_id = $2`;

/** The customer's lifecycle transitions in order, instants as epoch milliseconds. */
const TRANSITIONS_JSON = `(SELECT coalesce(json_agg(json_build_object(
    'at', (extract(epoch FROM t.at) * 1000)::float8, 'from_stage', t.from_stage, 'to_stage', t.to_stage)
    ORDER BY t.at), '[]'::json)
  FROM read_models.lifecycle_transition t WHERE t.customer_id = c.customer_id)`;

/**
 * The current detail from the stored ranking and RFM scores: index lookups of one customer, one
 * statement (so one snapshot without a transaction). "rankingUsable" false means they may not be
 * served (see abc-ranking.ts) and the caller must not use "abc" or "rfm".
 */
const RANKED_DETAIL_SQL = `
SELECT ${DETAIL_COLUMNS},
  CASE WHEN a.customer_id IS NOT NULL THEN json_build_object(
    'abcClass', a.abc_class, 'rank', a.rank, 'population', st.population, 'measure', st.policy #>> '{abc,measure}',
    'measureValue', a.measure_value::text, 'policyVersion', st.policy_version, 'rankedAt', st.ranked_at) END AS "abc",
  CASE WHEN r.customer_id IS NOT NULL THEN json_build_object(
    'recency', r.recency, 'frequency', r.frequency_score, 'monetary', r.monetary_score,
    'buckets', greatest(1, (st.policy #>> '{rfm,buckets}')::int), 'orders', r.frequency,
    'revenue', r.monetary::numeric(18,2)::text, 'lastOrderAt', (extract(epoch FROM r.last_order_at) * 1000)::float8,
    'population', st.rfm_population, 'scoredAt', st.ranked_at) END AS "rfm",
  ${TRANSITIONS_JSON} AS "transitions",
  ${RANKING_USABLE_SQL} AS "rankingUsable", ${RANKING_AGE_MS_SQL} AS "rankingAgeMs"
FROM read_models.customer_value c
  CROSS JOIN (SELECT read_models.live_policy() AS policy) pol
  LEFT JOIN read_models.abc_ranking_state st ON true
  LEFT JOIN read_models.abc_ranking a ON a.customer_id = c.customer_id
  LEFT JOIN read_models.rfm_ranking r ON r.customer_id = c.customer_id
WHERE c.customer_id = $2`;

/**
 * Named: the detail is the hottest read, and parsing and planning its text cost about three times
 * what running it does (see queryPrepared).
 */
const RANKED_DETAIL = { name: 'customer-detail-ranked', text: RANKED_DETAIL_SQL };

const DAY_MS = 86_400_000;

const RANKING_NOT_USABLE: unique symbol = Symbol('ranking not usable');

const lifecycleOf = (
  transitions: Array<{ at: Date; from_stage: string | null; to_stage: string }>,
  asOf: Date,
  currentStage: string,
): LifecycleView => {
  const past = transitions.filter((t) => t.at.getTime() <= asOf.getTime());
  const upcoming = transitions.find((t) => t.at.getTime() > asOf.getTime());
  const history = past.map((t, i) => {
    const until = past[i + 1]?.at ?? null;
    return {
      stage: t.to_stage,
      fromStage: t.from_stage,
      at: t.at.toISOString(),
      until: until ? until.toISOString() : null,
      days: (((until ?? asOf).getTime() - t.at.getTime()) / DAY_MS).toFixed(2),
    };
  });
  const last = history[history.length - 1];
  return {
    stage: currentStage,
    since: last && last.stage === currentStage ? last.at : null,
    history,
    next: upcoming ? { stage: upcoming.to_stage, at: upcoming.at.toISOString() } : null,
  };
};

/**
 * A customer with value, RFM, ABC position and lifecycle, read in one snapshot.
 * Without `asOf` the stage is the current one (every recorded order counts), and the ABC position
 * and RFM scores are the stored ones (as of `abc.rankedAt` = `rfm.scoredAt`, see abc-ranking.ts):
 * one statement of index lookups. With `asOf` the stage is the transition in force then, RFM scores
 * the orders before it and the ABC ranking is computed as of then (a repeatable-read transaction).
 * Totals (revenue, margin, receivables, visits) are as known now.
 */
export async function readCustomerDetail(
  db: DataSource,
  customerId: string,
  asOfParam: string | undefined,
): Promise<CustomerDetailView | null> {
  if (asOfParam) return liveDetail(db, customerId, asOfParam);
  const ranked = await rankedDetail(db, customerId);
  if (ranked !== RANKING_NOT_USABLE) return ranked;
  const usable = await ensureUsableRanking(db, new Date());
  const again = usable ? await rankedDetail(db, customerId) : RANKING_NOT_USABLE;
  return again !== RANKING_NOT_USABLE ? again : liveDetail(db, customerId, undefined);
}

type Transition = { at: Date; from_stage: string | null; to_stage: string };
type StoredRfm = Omit<RfmView, 'score' | 'lastOrderAt' | 'scoredAt'> & {
  lastOrderAt: number;
  scoredAt: string;
};
type DetailRow = Record<string, unknown> & {
  value: CustomerDetailView['value'];
  abc:
    | (Omit<NonNullable<CustomerDetailView['abc']>, 'rank' | 'population'> & {
        rank: number | string;
        population: number | string;
      })
    | null;
  ownerAssignedAt: Date | string | null;
  profileChangeCount: number;
  profileUpdatedAt: Date | string | null;
};

/** A row of RANKED_DETAIL_SQL. */
type RankedRow = DetailRow & {
  rfm: StoredRfm | null;
  transitions: Array<{ at: number; from_stage: string | null; to_stage: string }>;
  rankingUsable: boolean;
  rankingAgeMs: number | null;
};

async function rankedDetail(
  db: DataSource,
  customerId: string,
): Promise<CustomerDetailView | null | typeof RANKING_NOT_USABLE> {
  const asOf = new Date();
  const [row] = await queryPrepared<RankedRow>(db, RANKED_DETAIL, [asOf, customerId]);
  if (!row) return null;
  refreshIfDue(db, { usable: row.rankingUsable, ageMs: row.rankingAgeMs });
  if (!row.rankingUsable) return RANKING_NOT_USABLE;
  const { rfm, transitions, rankingUsable: _u, rankingAgeMs: _a, ...rest } = row;
  const stored: RfmView | null = rfm
    ? {
        recency: rfm.recency,
        frequency: rfm.frequency,
        monetary: rfm.monetary,
        score: `${rfm.recency}${rfm.frequency}${rfm.monetary}`,
        buckets: rfm.buckets,
        orders: Number(rfm.orders),
        revenue: rfm.revenue,
        lastOrderAt: new Date(rfm.lastOrderAt).toISOString(),
        population: Number(rfm.population),
        scoredAt: new Date(rfm.scoredAt).toISOString(),
      }
    : null;
  return detailView(
    rest,
    transitions.map((t) => ({ ...t, at: new Date(t.at) })),
    stored,
    asOf,
    false,
  );
}

async function liveDetail(
  db: DataSource,
  customerId: string,
  asOfParam: string | undefined,
): Promise<CustomerDetailView | null> {
  const asOf = asOfParam ? new Date(asOfParam) : new Date();
  return db.transaction('REPEATABLE READ', async (tx: EntityManager) => {
    const [row] = await tx.query(LIVE_DETAIL_SQL, [asOf, customerId]);
    if (!row) return null;
    const transitions: Transition[] = await tx.query(
      `SELECT at, from_stage, to_stage FROM read_models.lifecycle_transition WHERE customer_id = $1 ORDER BY at`,
      [customerId],
    );
    const [score] = await rfmScores(tx, asOfParam ? asOf : null, [customerId]);
    const { rankingUsable: _u, rankingAgeMs: _a, ...rest } = row as DetailRow;
    const rfm: RfmView | null = score
      ? {
          recency: score.recency,
          frequency: score.frequencyScore,
          monetary: score.monetaryScore,
          score: `${score.recency}${score.frequencyScore}${score.monetaryScore}`,
          buckets: score.buckets,
          orders: score.frequency,
          revenue: score.monetary,
          lastOrderAt: new Date(score.lastOrderAt).toISOString(),
          population: score.population,
          scoredAt: asOf.toISOString(),
        }
      : null;
    return detailView(rest, transitions, rfm, asOf, asOfParam !== undefined);
  });
}

function detailView(
  row: DetailRow,
  transitions: Transition[],
  rfm: RfmView | null,
  asOf: Date,
  historic: boolean,
): CustomerDetailView {
  const { value, abc, ownerAssignedAt, profileChangeCount, profileUpdatedAt, ...columns } = row;
  const view = toCustomerView(columns as Parameters<typeof toCustomerView>[0]);
  const past = transitions.filter((t) => t.at.getTime() <= asOf.getTime());
  const stage = historic ? (past[past.length - 1]?.to_stage ?? 'prospect') : view.lifecycleStage;
  return {
    ...view,
    lifecycleStage: stage,
    asOf: asOf.toISOString(),
    ownerAssignedAt: ownerAssignedAt ? new Date(ownerAssignedAt).toISOString() : null,
    profileChangeCount,
    profileUpdatedAt: profileUpdatedAt ? new Date(profileUpdatedAt).toISOString() : null,
    value,
    rfm,
    abc: abc
      ? {
          ...abc,
          rank: Number(abc.rank),
          population: Number(abc.population),
          rankedAt: new Date(abc.rankedAt).toISOString(),
        }
      : null,
    lifecycle: lifecycleOf(transitions, asOf, stage),
  };
}
