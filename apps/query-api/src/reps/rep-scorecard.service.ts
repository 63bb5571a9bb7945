import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { periodRange } from '@crm/read-models';
import { dayRange } from '../analytics/shared/query-validators';
import type {
  CustomersByClassView,
  PipelineView,
  ReceivablesView,
  RepScorecardView,
  ScorecardContactView,
  ScorecardSalesView,
  TerritoryView,
} from './dto/scorecard.view';

// $1 rep, $2 period, $3/$4 first/last day of the period.
const SALES_SQL = `
SELECT q.revision AS "quotaRevision", q.target_amount::text AS "targetAmount", q.target_volume::text AS "targetVolume",
       coalesce(s.amount, 0)::numeric(18,2)::text AS "actualAmount", coalesce(s.volume, 0)::text AS "actualVolume",
       coalesce(s.order_count, 0)::int AS "orderCount",
       CASE WHEN q.target_amount > 0 THEN round(coalesce(s.amount, 0) / q.target_amount, 4)::text END
         AS "amountAttainment",
       CASE WHEN q.target_volume > 0 THEN round(coalesce(s.volume, 0)::numeric / q.target_volume, 4)::text END
         AS "volumeAttainment",
       CASE WHEN s.list_amount > 0 THEN round(s.priced_amount / s.list_amount, 4)::text END AS "priceRealisation"
FROM (SELECT sum(amount) AS amount, sum(volume) AS volume, sum(order_count) AS order_count,
             sum(list_amount) AS list_amount, sum(priced_amount) AS priced_amount
      FROM read_models.rep_sales_day WHERE rep_id = $1 AND day BETWEEN $3::date AND $4::date) s
LEFT JOIN read_models.rep_quota q ON q.rep_id = $1 AND q.period = $2`;

// $1 rep, $2/$3 the period as [start, end) instants.
const CONTACT_SQL = `
SELECT count(*)::int AS "visits", coalesce(sum(cost), 0)::numeric(18,2)::text AS "contactCost",
       count(DISTINCT customer_id)::int AS "customersVisited"
FROM read_models.contact_visit
WHERE rep_id = $1 AND visited_at >= $2::timestamptz AND visited_at < $3::timestamptz`;

// $1 rep, $2 instant of the classes.
const CUSTOMERS_SQL = `
SELECT count(*)::int AS "total",
       count(*) FILTER (WHERE k.abc_class = 'A')::int AS "A",
       count(*) FILTER (WHERE k.abc_class = 'B')::int AS "B",
       count(*) FILTER (WHERE k.abc_class = 'C')::int AS "C",
       count(*) FILTER (WHERE k.abc_class IS NULL)::int AS "unclassified"
FROM read_models.contact_customer c
LEFT JOIN read_models.live_abc_classes($2::timestamptz) k ON k.customer_id = c.customer_id
WHERE c.owner_rep_id = $1`;

// $1 rep, $2/$3 the period as [start, end) instants. An opportunity without a rep counts for the
// customer's current owner.
const bucket = (condition: string) => `json_build_object(
  'count', count(*) FILTER (WHERE ${condition}),
  'expectedAmount', coalesce(sum(o.expected_amount) FILTER (WHERE ${condition}), 0)::numeric(18,2)::text)`;
const WON = `o.status = 'won' AND o.closed_at >= $2::timestamptz AND o.closed_at < $3::timestamptz`;
const LOST = `o.status = 'lost' AND o.closed_at >= $2::timestamptz AND o.closed_at < $3::timestamptz`;
const PIPELINE_SQL = `
SELECT ${bucket('o.opened_at >= $2::timestamptz AND o.opened_at < $3::timestamptz')} AS "opened",
       ${bucket('o.opened_at < $3::timestamptz AND (o.closed_at IS NULL OR o.closed_at >= $3::timestamptz)')} AS "open",
       ${bucket(WON)} AS "won",
       ${bucket(LOST)} AS "lost",
       CASE WHEN count(*) FILTER (WHERE (${WON}) OR (${LOST})) > 0
         THEN round(count(*) FILTER (WHERE ${WON})::numeric / count(*) FILTER (WHERE (${WON}) OR (${LOST})), 4)::text
       END AS "winRate"
FROM read_models.rep_opportunity o
WHERE o.rep_id = $1
   OR (o.rep_id IS NULL AND o.customer_id IN (
         SELECT customer_id FROM read_models.contact_customer WHERE owner_rep_id = $1))`;

// $1 rep: what the rep's customers (current owner) still owe on orders not cancelled.
const RECEIVABLES_SQL = `
SELECT coalesce(sum(f.amount - f.paid), 0)::numeric(18,2)::text AS "outstanding",
       count(*) FILTER (WHERE f.amount > f.paid)::int AS "openOrders",
       count(DISTINCT f.customer_id) FILTER (WHERE f.amount > f.paid)::int AS "customers"
FROM read_models.order_fact f
JOIN read_models.contact_customer c ON c.customer_id = f.customer_id
WHERE c.owner_rep_id = $1 AND f.cancelled_at IS NULL`;

/** The rep scorecard: every part read in one repeatable-read snapshot. */
@Injectable()
export class RepScorecardService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async scorecard(repId: string, period: string, asOf?: string): Promise<RepScorecardView> {
    const { start, end } = periodRange(period);
    const range = dayRange(start, end);
    const classAsOf = asOf ? new Date(asOf).toISOString() : new Date().toISOString();
    return this.db.transaction('REPEATABLE READ', async (m: EntityManager) => {
      const [rep] = await m.query<Array<{ name: string; region: string }>>(
        `SELECT name, region FROM read_models.rep WHERE rep_id = $1`,
        [repId],
      );
      if (!rep) throw new NotFoundException(`Rep ${repId} not found`);
      const [territory] = await m.query<Array<Omit<TerritoryView, 'assignedAt'> & { assignedAt: Date }>>(
        `SELECT regions, categories, brands, assigned_at AS "assignedAt"
         FROM read_models.rep_territory WHERE rep_id = $1`,
        [repId],
      );
      const [sales] = await m.query<ScorecardSalesView[]>(SALES_SQL, [repId, period, start, end]);
      const [contact] = await m.query<ScorecardContactView[]>(CONTACT_SQL, [repId, range.start, range.end]);
      const [customers] = await m.query<Array<Omit<CustomersByClassView, 'classAsOf'>>>(CUSTOMERS_SQL, [
        repId,
        classAsOf,
      ]);
      const [pipeline] = await m.query<PipelineView[]>(PIPELINE_SQL, [repId, range.start, range.end]);
      const [receivables] = await m.query<ReceivablesView[]>(RECEIVABLES_SQL, [repId]);
      return {
        repId,
        name: rep.name,
        region: rep.region,
        period,
        periodStart: start,
        periodEnd: end,
        territory: territory ? { ...territory, assignedAt: territory.assignedAt.toISOString() } : null,
        sales: sales!,
        contact: contact!,
        customers: { classAsOf, ...customers! },
        pipeline: pipeline!,
        receivables: receivables!,
      };
    });
  }
}
