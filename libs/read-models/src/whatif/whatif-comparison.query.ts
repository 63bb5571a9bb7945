import type { SqlExecutor } from '../projection/projection';
import { LIFECYCLE_STAGES } from '../value/queries/lifecycle-funnel.query';
import { LIVE_VALUE_SCHEMA } from '../value/value-schema';
import { shadowSchema } from './shadow-schema';

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
/** The label of "not in the population" under one policy (e.g. registered after the shadow's position). */
export const ABSENT = 'none';

/** counts[from][to]: customers in `from` under the live policy and `to` under the candidate. */
export interface MigrationMatrix {
  labels: string[];
  counts: Record<string, Record<string, number>>;
  /** Every customer counted once: the sum of all cells. */
  total: number;
  /** Customers off the diagonal. */
  moved: number;
}

/** A customer whose class or stage differs between the live policy and the candidate. */
export interface WhatIfMover {
  customerId: string;
  name: string | null;
  liveClass: string | null;
  candidateClass: string | null;
  liveMeasure: string | null;
  candidateMeasure: string | null;
  liveStage: string | null;
  candidateStage: string | null;
}

export type MoverKind = 'class' | 'stage' | 'any';

export interface MoversQuery {
  kind: MoverKind;
  fromClass?: string;
  toClass?: string;
  /** Customer id to continue after (ids in byte order). */
  after?: string;
  limit: number;
}

export interface MoversPage {
  total: number;
  items: WhatIfMover[];
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * Every customer with its class and stage at $1 under both policies: classes from
 * abc_classes($1, policy) over each schema's order facts (live: read_models with its live policy;
 * candidate: the shadow with its candidate), stages from the last lifecycle transition at or before
 * $1 in each schema. A customer missing on one side (not yet registered there) has NULL there.
 */
const pairs = (shadow: string) => {
  const l = LIVE_VALUE_SCHEMA;
  const s = shadowSchema(shadow);
  const stage = (schema: string) =>
    `SELECT DISTINCT ON (t.customer_id) t.customer_id, t.to_stage AS stage
     FROM ${schema}.lifecycle_transition t WHERE t.at <= $1::timestamptz ORDER BY t.customer_id, t.at DESC`;
  return `
  lc AS MATERIALIZED (SELECT x.customer_id, x.abc_class, x.measure_value FROM ${l}.abc_classes($1::timestamptz, ${l}.live_policy()) x),
  cc AS MATERIALIZED (SELECT x.customer_id, x.abc_class, x.measure_value FROM ${s}.abc_classes($1::timestamptz, ${s}.live_policy()) x),
  ls AS MATERIALIZED (${stage(l)}),
  cs AS MATERIALIZED (${stage(s)}),
  k AS (
    SELECT coalesce(lc.customer_id, cc.customer_id) AS customer_id, lc.abc_class AS live_class, cc.abc_class AS cand_class,
           lc.measure_value AS live_measure, cc.measure_value AS cand_measure
    FROM lc FULL JOIN cc ON cc.customer_id = lc.customer_id
  ),
  g AS (
    SELECT coalesce(ls.customer_id, cs.customer_id) AS customer_id, ls.stage AS live_stage, cs.stage AS cand_stage
    FROM ls FULL JOIN cs ON cs.customer_id = ls.customer_id
  ),
  pairs AS MATERIALIZED (
    SELECT coalesce(k.customer_id, g.customer_id) AS customer_id, k.live_class, k.cand_class, k.live_measure,
           k.cand_measure, g.live_stage, g.cand_stage
    FROM k FULL JOIN g ON g.customer_id = k.customer_id
  )`;
};

const cells = (from: string, to: string) =>
  `(SELECT coalesce(json_agg(json_build_object('from', coalesce(${from}, '${ABSENT}'), 'to', coalesce(${to}, '${ABSENT}'), 'n', n)), '[]')
    FROM (SELECT ${from}, ${to}, count(*)::int AS n FROM pairs WHERE ${from} IS NOT NULL OR ${to} IS NOT NULL GROUP BY 1, 2) c)`;

const MATRICES = (shadow: string) => `
WITH ${pairs(shadow)}
SELECT ${cells('live_class', 'cand_class')} AS "classes", ${cells('live_stage', 'cand_stage')} AS "stages"`;

const toMatrix = (
  labels: readonly string[],
  cellsOf: Array<{ from: string; to: string; n: number }>,
): MigrationMatrix => {
  const all = [...labels, ABSENT];
  const counts = Object.fromEntries(all.map((f) => [f, Object.fromEntries(all.map((t) => [t, 0]))]));
  let total = 0;
  let moved = 0;
  for (const c of cellsOf) {
    counts[c.from]![c.to] = c.n;
    total += c.n;
    if (c.from !== c.to) moved += c.n;
  }
  return { labels: all, counts, total, moved };
};

/** Class × class and stage × stage matrices (live → candidate) at an instant. */
export async function migrationMatrices(
  db: SqlExecutor,
  shadow: string,
  asOf: Date,
): Promise<{ classes: MigrationMatrix; stages: MigrationMatrix }> {
  const [row] = await db.query<
    Array<{
      classes: Array<{ from: string; to: string; n: number }>;
      stages: Array<{ from: string; to: string; n: number }>;
    }>
  >(MATRICES(shadow), [asOf]);
  return { classes: toMatrix(ABC_CLASSES, row!.classes), stages: toMatrix(LIFECYCLE_STAGES, row!.stages) };
}

const MOVERS = (shadow: string) => `
WITH ${pairs(shadow)},
matched AS (
  SELECT * FROM pairs p
  WHERE CASE $2::text
          WHEN 'class' THEN p.live_class IS DISTINCT FROM p.cand_class
          WHEN 'stage' THEN p.live_stage IS DISTINCT FROM p.cand_stage
          ELSE p.live_class IS DISTINCT FROM p.cand_class OR p.live_stage IS DISTINCT FROM p.cand_stage
        END
    AND ($3::text IS NULL OR coalesce(p.live_class, '${ABSENT}') = $3)
    AND ($4::text IS NULL OR coalesce(p.cand_class, '${ABSENT}') = $4)
),
page AS (
  SELECT m.customer_id AS "customerId", c.name AS "name", m.live_class AS "liveClass", m.cand_class AS "candidateClass",
         m.live_measure::text AS "liveMeasure", m.cand_measure::text AS "candidateMeasure",
         m.live_stage AS "liveStage", m.cand_stage AS "candidateStage"
  FROM matched m LEFT JOIN ${LIVE_VALUE_SCHEMA}.customer_value c ON c.customer_id = m.customer_id
  WHERE $5::text IS NULL OR m.customer_id COLLATE "C" > $5::text COLLATE "C"
  ORDER BY m.customer_id COLLATE "C"
  LIMIT $6
)
SELECT (SELECT count(*) FROM matched)::int AS "total",
       coalesce((SELECT json_agg(page ORDER BY page."customerId" COLLATE "C") FROM page), '[]') AS "items"`;

/** The customers that move between the live policy and the candidate, a page at a time. */
export async function whatIfMovers(
  db: SqlExecutor,
  shadow: string,
  asOf: Date,
  query: MoversQuery,
): Promise<MoversPage> {
  const [row] = await db.query<Array<{ total: number; items: WhatIfMover[] }>>(MOVERS(shadow), [
    asOf,
    query.kind,
    query.fromClass ?? null,
    query.toClass ?? null,
    query.after ?? null,
    query.limit + 1,
  ]);
  const more = row!.items.length > query.limit;
  const items = row!.items.slice(0, query.limit);
  const last = items[items.length - 1];
  return { total: row!.total, items, nextCursor: more && last ? last.customerId : null };
}
