import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dayRange } from '../shared/query-validators';
import type { ChannelsView } from './dto/channels.view';

/*
 * $1/$2: the range as [start, end) instants; $3: the instant of the ABC classes (the range's end);
 * $4: a manager's regions (null: all). The channel read model keeps no region, so a manager's scope
 * is the customer's current region in the value read model (customer_value), as for the customer
 * list and the audit search.
 */
const CHANNELS_SQL = `
WITH k AS (
  SELECT customer_id, abc_class FROM read_models.live_abc_classes($3::timestamptz)
),
scoped AS (
  SELECT customer_id FROM read_models.customer_value WHERE region = ANY($4::text[])
),
contacts AS (
  SELECT c.channel, k.abc_class, c.customer_type, count(*) AS contacts, sum(c.cost) AS contact_cost
  FROM read_models.channel_contact c LEFT JOIN k ON k.customer_id = c.customer_id
  WHERE c.visited_at >= $1::timestamptz AND c.visited_at < $2::timestamptz
    AND ($4::text[] IS NULL OR c.customer_id IN (SELECT customer_id FROM scoped))
  GROUP BY 1, 2, 3
),
sales AS (
  SELECT s.channel, k.abc_class, s.customer_type, count(*) AS orders, sum(s.quantity) AS quantity,
         sum(s.amount) AS revenue, sum(s.cost) AS cost, sum(s.costed_amount) AS costed_amount
  FROM read_models.channel_sale s LEFT JOIN k ON k.customer_id = s.customer_id
  WHERE s.ordered_at >= $1::timestamptz AND s.ordered_at < $2::timestamptz
    AND ($4::text[] IS NULL OR s.customer_id IN (SELECT customer_id FROM scoped))
  GROUP BY 1, 2, 3
),
segments AS (
  SELECT abc_class, customer_type, sum(contacts) AS contacts, sum(contact_cost) AS contact_cost,
         sum(orders) AS orders, sum(revenue) AS revenue, sum(gross_margin) AS gross_margin
  FROM (
    SELECT abc_class, customer_type, contacts, contact_cost, 0 AS orders, 0 AS revenue, 0 AS gross_margin
    FROM contacts
    UNION ALL
    SELECT abc_class, customer_type, 0, 0, orders, revenue, costed_amount - cost FROM sales
  ) u
  GROUP BY 1, 2
)
SELECT
  (SELECT coalesce(json_agg(x ORDER BY x.channel, x."customerClass" NULLS LAST, x."customerType"), '[]')
   FROM (SELECT channel, abc_class AS "customerClass", customer_type AS "customerType",
                contacts::int AS contacts, contact_cost::numeric(18,2)::text AS "contactCost",
                round(contact_cost / contacts, 2)::text AS "costPerContact"
         FROM contacts) x) AS contact_channels,
  (SELECT coalesce(json_agg(x ORDER BY x.channel, x."customerClass" NULLS LAST, x."customerType"), '[]')
   FROM (SELECT channel, abc_class AS "customerClass", customer_type AS "customerType", orders::int AS orders,
                quantity::text AS quantity, revenue::numeric(18,2)::text AS revenue,
                cost::numeric(18,2)::text AS cost, (costed_amount - cost)::numeric(18,2)::text AS "grossMargin",
                CASE WHEN costed_amount <> 0 THEN round((costed_amount - cost) / costed_amount, 4)::text END
                  AS "marginRate"
         FROM sales) x) AS sales_channels,
  (SELECT coalesce(json_agg(x ORDER BY x."customerClass" NULLS LAST, x."customerType"), '[]')
   FROM (SELECT abc_class AS "customerClass", customer_type AS "customerType", contacts::int AS contacts,
                contact_cost::numeric(18,2)::text AS "contactCost", orders::int AS orders,
                revenue::numeric(18,2)::text AS revenue, gross_margin::numeric(18,2)::text AS "grossMargin",
                (gross_margin - contact_cost)::numeric(18,2)::text AS "marginAfterContactCost",
                CASE WHEN revenue <> 0 THEN round(contact_cost / revenue, 4)::text END AS "contactCostRate"
         FROM segments) x) AS segments`;

/** Channel economics: contact cost per contact channel and revenue per sales channel, by segment. */
@Injectable()
export class ChannelsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `regions` (a manager's): only customers now in those regions; undefined: all. */
  async query(from: string, to: string, regions?: readonly string[]): Promise<ChannelsView> {
    const { start, end } = dayRange(from, to);
    const [result] = await this.db.query<
      Array<{
        contact_channels: ChannelsView['contactChannels'];
        sales_channels: ChannelsView['salesChannels'];
        segments: ChannelsView['segments'];
      }>
    >(CHANNELS_SQL, [start, end, end, regions ?? null]);
    return {
      from,
      to,
      classAsOf: end,
      contactChannels: result!.contact_channels,
      salesChannels: result!.sales_channels,
      segments: result!.segments,
    };
  }
}
