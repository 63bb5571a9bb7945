import type { CustomerView } from './dto/customer.view';

/**
 * The columns of a CustomerView over `read_models.customer_value c`, with `a` the customer's ABC
 * row, `pol` a row holding the live policy (POLICY_CTE) and `$1` the as-of instant of the stage.
 * Money and bigint columns come back as strings.
 */
export const CUSTOMER_COLUMNS = `
  c.customer_id AS "customerId", c.name, c.type, c.region, c.industry,
  c.preferred_channel AS "preferredChannel", c.source, c.partner_id AS "partnerId",
  c.external_id AS "externalId", c.registered_at AS "registeredAt", c.owner_rep_id AS "ownerRepId",
  read_models.lifecycle_stage(c.first_order_at, c.last_order_at, c.last_reactivated_at, $1::timestamptz,
    pol.policy) AS "lifecycleStage",
  a.abc_class AS "abcClass", coalesce(a.abc_class = 'A', false) AS "key",
  c.order_count AS "orderCount", c.volume::text AS "volume", c.revenue::text AS "revenue",
  (c.costed_revenue - c.cost)::text AS "grossMargin", (c.revenue - c.paid)::text AS "outstanding",
  c.first_order_at AS "firstOrderAt", c.last_order_at AS "lastOrderAt",
  c.visit_count AS "visitCount", c.last_visit_at AS "lastVisitAt", c.visit_cost::text AS "visitCost",
  c.last_global_position::text AS "lastGlobalPosition"`;

/**
 * The live policy as a one-row CTE `pol`, read once per statement. As a column (not a sub-select
 * argument) it lets PostgreSQL inline lifecycle_stage, which uses the policy three times: a
 * sub-select argument would be evaluated as a function call per customer (a list filtered by
 * stage evaluates it for every customer it counts).
 */
export const POLICY_CTE = `pol AS MATERIALIZED (SELECT read_models.live_policy() AS policy)`;

type Dated<T> = {
  [K in keyof T]: T[K] extends string
    ? string | Date
    : T[K] extends string | null
      ? string | Date | null
      : T[K];
};

const iso = (d: string | Date | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A row selected with CUSTOMER_COLUMNS as a CustomerView (instants as ISO-8601 UTC). */
export const toCustomerView = (row: Dated<CustomerView>): CustomerView => ({
  ...(row as CustomerView),
  registeredAt: iso(row.registeredAt)!,
  firstOrderAt: iso(row.firstOrderAt),
  lastOrderAt: iso(row.lastOrderAt),
  lastVisitAt: iso(row.lastVisitAt),
});
