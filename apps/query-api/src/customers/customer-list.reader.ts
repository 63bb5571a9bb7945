import type { DataSource } from 'typeorm';
import { CUSTOMER_COLUMNS, POLICY_CTE, toCustomerView } from './customer-columns';
import { decodeCursor, encodeCursor } from './customer-cursor';
import type { CustomerPage, CustomerView } from './dto/customer.view';
import type { CustomerSort, ListCustomersQuery } from './dto/list-customers.query';
import { fieldError } from '../value/http/field-error';
import type { CustomerScope } from '../access/customer-scope';
import { ensureUsableRanking } from './abc-ranking';

/** The sort key of each sort; customers without orders come last for lastOrderAt either way. */
const SORT_KEYS: Record<CustomerSort, { asc: string; desc: string; cast: string }> = {
  customerId: { asc: 'c.customer_id', desc: 'c.customer_id', cast: 'text' },
  name: { asc: 'c.name', desc: 'c.name', cast: 'text' },
  revenue: { asc: 'c.revenue', desc: 'c.revenue', cast: 'numeric' },
  lastOrderAt: {
    asc: `coalesce(c.last_order_at, 'infinity'::timestamptz)`,
    desc: `coalesce(c.last_order_at, '-infinity'::timestamptz)`,
    cast: 'timestamptz',
  },
};

/**
 * The ABC classes of the stored ranking (see abc-ranking.ts), or ranked for this request. The
 * stored one is NOT MATERIALIZED: used twice (page and total), PostgreSQL would otherwise copy the
 * whole ranking per request instead of looking customers up by key (or dropping the join).
 */
const RANKED_ABC = `WITH ${POLICY_CTE},
  a AS NOT MATERIALIZED (SELECT customer_id, abc_class FROM read_models.abc_ranking)`;
const LIVE_ABC = `WITH ${POLICY_CTE},
  a AS MATERIALIZED (SELECT customer_id, abc_class FROM read_models.live_abc_classes($1::timestamptz))`;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * One page of customers, filtered, sorted and keyset-paginated, with the total over all pages —
 * one statement. Stage is as of `now` with the live policy; the ABC class is the stored ranking's
 * (at most ABC_MAX_STALENESS_MS old, see abc-ranking.ts), or ranked for this request when none may
 * be served. Sorting by anything but the id is keyset on (sort key, id).
 */
export async function listCustomers(
  db: DataSource,
  query: ListCustomersQuery,
  now: Date,
  /** Who asks limits what they see (AND-ed with the filters). */
  scope: CustomerScope = {},
): Promise<CustomerPage> {
  const sort = query.sort ?? 'customerId';
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  const params: unknown[] = [now];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (scope.ownerRepId !== undefined) where.push(`c.owner_rep_id = ${param(scope.ownerRepId)}`);
  if (scope.regions !== undefined) where.push(`c.region = ANY(${param(scope.regions)}::text[])`);
  if (query.region) where.push(`c.region = ${param(query.region)}`);
  if (query.type) where.push(`c.type = ${param(query.type)}`);
  if (query.owner) where.push(`c.owner_rep_id = ${param(query.owner)}`);
  if (query.class) where.push(`a.abc_class = ${param(query.class)}`);
  if (query.stage)
    where.push(
      `read_models.lifecycle_stage(c.first_order_at, c.last_order_at, c.last_reactivated_at, $1::timestamptz,
         pol.policy) = ${param(query.stage)}`,
    );
  if (query.q) {
    const p = param(likePattern(query.q));
    where.push(`(c.name ILIKE ${p} OR c.external_id ILIKE ${p})`);
  }
  const filterParams = params.length;
  const key = SORT_KEYS[sort][order];
  const keyset: string[] = [];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, sort, order);
    if (!cursor) throw fieldError('cursor', 'cursor is not one this API issued for this sort and order');
    const cmp = order === 'asc' ? '>' : '<';
    keyset.push(
      sort === 'customerId'
        ? `c.customer_id ${cmp} ${param(cursor.id)}`
        : `(${key}, c.customer_id) ${cmp} (${param(cursor.key)}::${SORT_KEYS[sort].cast}, ${param(cursor.id)})`,
    );
  }
  const filters = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const pageFilters = [...where, ...keyset].length ? `WHERE ${[...where, ...keyset].join(' AND ')}` : '';
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const abcSource = (await ensureUsableRanking(db, now)) ? RANKED_ABC : LIVE_ABC;
  const sql = `
    ${abcSource}
    SELECT ${CUSTOMER_COLUMNS}, (${key})::text AS "sortKey",
           (SELECT count(*) FROM read_models.customer_value c CROSS JOIN pol LEFT JOIN a ON a.customer_id = c.customer_id ${filters})::int AS "total"
    FROM read_models.customer_value c CROSS JOIN pol LEFT JOIN a ON a.customer_id = c.customer_id
    ${pageFilters}
    ORDER BY ${sort === 'customerId' ? `c.customer_id ${dir}` : `${key} ${dir}, c.customer_id ${dir}`}
    LIMIT ${param(limit + 1)}`;
  const rows: Array<Parameters<typeof toCustomerView>[0] & { sortKey: string; total: number }> =
    await db.query(sql, params);
  const total =
    rows[0]?.total ??
    (query.cursor ? await countOnly(db, abcSource, filters, params.slice(0, filterParams)) : 0);
  const items: CustomerView[] = rows
    .slice(0, limit)
    .map(({ sortKey: _k, total: _t, ...row }) => toCustomerView(row));
  const last = rows[limit - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, order, key: last.sortKey, id: last.customerId as string })
      : null;
  return { items, nextCursor, total };
}

/** The total when the page after the cursor is empty (the count rides on the page's rows otherwise). */
async function countOnly(
  db: DataSource,
  abcSource: string,
  filters: string,
  params: unknown[],
): Promise<number> {
  const [row] = await db.query(
    `${abcSource}
     SELECT count(*)::int AS total FROM read_models.customer_value c CROSS JOIN pol LEFT JOIN a ON a.customer_id = c.customer_id ${filters}`,
    params,
  );
  return (row as { total: number }).total;
}
