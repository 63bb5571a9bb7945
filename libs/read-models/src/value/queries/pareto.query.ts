import type { SqlExecutor } from '../../projection/projection';

export interface ParetoPointRow {
  /** k / points, exact decimal string with 4 digits. */
  customerShare: string;
  /** The top ceil(k / points · N) customers. */
  customers: number;
  cumulativeMeasure: string;
  /** cumulativeMeasure / total measure, 4 digits; null when the total is 0. */
  measureShare: string | null;
}

export interface ParetoCurve {
  measure: string;
  population: number;
  totalMeasure: string;
  points: ParetoPointRow[];
  /** The exact share of the top 20% (ceil(0.2 · N) customers). */
  top20: ParetoPointRow | null;
}

const SQL = `
WITH a AS (SELECT * FROM read_models.live_abc_classes($1::timestamptz)),
c AS (
  SELECT a.rank, sum(a.measure_value) OVER (ORDER BY a.rank) AS cum
  FROM a
),
t AS (SELECT count(*)::int AS n, coalesce(sum(measure_value), 0) AS total FROM a),
pts AS (
  SELECT k, round(k::numeric / $2, 4) AS share, ceil(k::numeric * t.n / $2)::int AS upto, false AS top20
  FROM generate_series(1, $2::int) AS k, t
  UNION ALL
  SELECT 0, 0.2000, ceil(0.2 * t.n)::int, true FROM t
)
SELECT (SELECT read_models.live_policy() #>> '{abc,measure}') AS "measure", t.n AS "population", t.total::numeric(18,2)::text AS "totalMeasure",
       coalesce(json_agg(json_build_object(
         'customerShare', pts.share::text, 'customers', pts.upto,
         'cumulativeMeasure', coalesce(c.cum, 0)::numeric(18,2)::text,
         'measureShare', CASE WHEN t.total <> 0 THEN round(coalesce(c.cum, 0) / t.total, 4)::text END,
         'top20', pts.top20) ORDER BY pts.top20, pts.k) FILTER (WHERE pts.upto > 0), '[]') AS "points"
FROM t LEFT JOIN pts ON true LEFT JOIN c ON c.rank = pts.upto
GROUP BY t.n, t.total`;

/** The Pareto curve of the live ABC measure: share of the measure held by the top share of customers. */
export async function paretoCurve(db: SqlExecutor, asOf: Date, points: number): Promise<ParetoCurve> {
  const [row] = await db.query<
    Array<{
      measure: string;
      population: number;
      totalMeasure: string;
      points: Array<ParetoPointRow & { top20: boolean }>;
    }>
  >(SQL, [asOf, points]);
  const all = row!.points.map(({ top20, ...p }) => ({ top20, point: p }));
  return {
    measure: row!.measure,
    population: row!.population,
    totalMeasure: row!.totalMeasure,
    points: all.filter((p) => !p.top20).map((p) => p.point),
    top20: all.find((p) => p.top20)?.point ?? null,
  };
}
