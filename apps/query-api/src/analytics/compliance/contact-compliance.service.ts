import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { periodRange } from '@crm/read-models';
import { dayRange } from '../shared/query-validators';
import type { ContactComplianceRowView, ContactComplianceView } from './dto/contact-compliance.view';

/*
 * $1 period, $2/$3 the period as [start, end) instants, $4 months in the period, $5 the instant of
 * the ABC classes, $6 rep filter (or null), $7 region filter (or null), $8 a manager's regions (or
 * null: all).
 *
 * Segments are the rep's customers (current owner) by live class, current region and type; each is
 * matched with the plan rule of its class × type × region (the last rule wins should a plan list a
 * segment twice). Actual visits are those the rep logged in the period, counted under the visited
 * customer's live class and current region.
 */
const COMPLIANCE_SQL = `
WITH classes AS (
  SELECT customer_id, abc_class FROM read_models.live_abc_classes($5::timestamptz)
),
rules AS (
  SELECT DISTINCT ON (1, 2, 3)
         e.rule->>'customerClass' AS abc_class, e.rule->>'customerType' AS type, e.rule->>'region' AS region,
         (e.rule->>'visitsPerMonth')::numeric AS visits_per_month, e.rule->'activityTypes' AS activity_types,
         (e.rule->>'budgetPerVisit')::numeric AS budget_per_visit
  FROM read_models.contact_plan p
  CROSS JOIN LATERAL jsonb_array_elements(p.rules) WITH ORDINALITY AS e(rule, ord)
  WHERE p.period = $1
  ORDER BY 1, 2, 3, e.ord DESC
),
segments AS (
  SELECT c.owner_rep_id AS rep_id, k.abc_class, c.region, c.type, count(*) AS customers
  FROM read_models.contact_customer c
  LEFT JOIN classes k ON k.customer_id = c.customer_id
  WHERE c.owner_rep_id IS NOT NULL AND ($6::text IS NULL OR c.owner_rep_id = $6)
    AND ($7::text IS NULL OR c.region = $7) AND ($8::text[] IS NULL OR c.region = ANY($8::text[]))
  GROUP BY 1, 2, 3, 4
),
planned AS (
  SELECT s.rep_id, coalesce(s.abc_class, '') AS class_key, s.region, sum(s.customers) AS customers,
         coalesce(sum(r.visits_per_month * s.customers), 0) * $4 AS planned_visits,
         coalesce(sum(r.visits_per_month * s.customers * r.budget_per_visit), 0) * $4 AS budget,
         jsonb_agg(r.activity_types) FILTER (WHERE r.activity_types IS NOT NULL) AS planned_types
  FROM segments s
  LEFT JOIN rules r ON r.abc_class = s.abc_class AND r.type = s.type AND r.region = s.region
  GROUP BY 1, 2, 3
),
actual AS (
  SELECT v.rep_id, coalesce(k.abc_class, '') AS class_key, c.region, count(*) AS visits, sum(v.cost) AS spent,
         array_agg(DISTINCT v.activity_type ORDER BY v.activity_type) AS used_types
  FROM read_models.contact_visit v
  JOIN read_models.contact_customer c ON c.customer_id = v.customer_id
  LEFT JOIN classes k ON k.customer_id = v.customer_id
  WHERE v.visited_at >= $2::timestamptz AND v.visited_at < $3::timestamptz
    AND ($6::text IS NULL OR v.rep_id = $6) AND ($7::text IS NULL OR c.region = $7)
    AND ($8::text[] IS NULL OR c.region = ANY($8::text[]))
  GROUP BY 1, 2, 3
)
SELECT coalesce(p.rep_id, a.rep_id) AS "repId",
       nullif(coalesce(p.class_key, a.class_key), '') AS "customerClass",
       coalesce(p.region, a.region) AS "region",
       coalesce(p.customers, 0)::int AS "customers",
       coalesce(p.planned_visits, 0)::float8 AS "plannedVisits",
       coalesce(a.visits, 0)::int AS "actualVisits",
       CASE WHEN p.planned_visits > 0 THEN round(coalesce(a.visits, 0) / p.planned_visits, 4)::text END
         AS "visitCompliance",
       coalesce(p.budget, 0)::numeric(18,2)::text AS "budget",
       coalesce(a.spent, 0)::numeric(18,2)::text AS "spent",
       CASE WHEN p.budget > 0 THEN round(coalesce(a.spent, 0) / p.budget, 4)::text END AS "budgetUsage",
       ARRAY(SELECT DISTINCT e.t
             FROM jsonb_array_elements(coalesce(p.planned_types, '[]'::jsonb)) AS x(types)
             CROSS JOIN LATERAL jsonb_array_elements_text(x.types) AS e(t)
             ORDER BY e.t) AS "plannedActivityTypes",
       coalesce(a.used_types, '{}') AS "activityTypesUsed"
FROM planned p
FULL JOIN actual a ON a.rep_id = p.rep_id AND a.class_key = p.class_key AND a.region = p.region
ORDER BY 1, 2 NULLS LAST, 3`;

/** Contact-plan compliance: planned against actual visits and budget, computed in SQL. */
@Injectable()
export class ContactComplianceService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `regions` (a manager's) keeps the segments and visits of customers now in those regions (the
   * read model's region, which is the rows' own region); undefined: all.
   */
  async query(
    filter: {
      period: string;
      repId?: string;
      region?: string;
      asOf?: string;
    },
    regions?: readonly string[],
  ): Promise<ContactComplianceView> {
    const { start, end } = periodRange(filter.period);
    const range = dayRange(start, end);
    const months = filter.period.includes('Q') ? 3 : 1;
    const classAsOf = filter.asOf ? new Date(filter.asOf).toISOString() : new Date().toISOString();
    // The plan revision and the rows from one snapshot.
    const { plan, rows } = await this.db.transaction('REPEATABLE READ', async (m: EntityManager) => {
      const [current] = await m.query<Array<{ revision: number }>>(
        `SELECT revision FROM read_models.contact_plan WHERE period = $1`,
        [filter.period],
      );
      const segments = await m.query<ContactComplianceRowView[]>(COMPLIANCE_SQL, [
        filter.period,
        range.start,
        range.end,
        months,
        classAsOf,
        filter.repId ?? null,
        filter.region ?? null,
        regions ?? null,
      ]);
      return { plan: current, rows: segments };
    });
    return {
      period: filter.period,
      periodStart: start,
      periodEnd: end,
      months,
      planRevision: plan?.revision ?? null,
      classAsOf,
      rows,
    };
  }
}
