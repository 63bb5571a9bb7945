import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PRICE_BANDS } from '@crm/read-models';
import { dayRange } from '../shared/query-validators';
import type { SalesDimension } from './dto/sales-cube.query';
import type { SalesCubeRowView, SalesCubeView, SalesMeasuresView } from './dto/sales-cube.view';

/** SQL of each dimension: fixed text chosen by a validated name, never the user's input. */
const DIMENSION_SQL: Record<SalesDimension, { select: string; order: string }> = {
  day: { select: `to_char(l.day, 'YYYY-MM-DD')`, order: `to_char(l.day, 'YYYY-MM-DD')` },
  month: { select: `to_char(l.day, 'YYYY-MM')`, order: `to_char(l.day, 'YYYY-MM')` },
  region: { select: 'l.region', order: 'l.region' },
  category: { select: 'l.category', order: 'l.category' },
  brand: { select: 'l.brand', order: 'l.brand' },
  priceBand: {
    select: 'l.price_band',
    order: `array_position(ARRAY[${PRICE_BANDS.map((b) => `'${b.label}'`).join(', ')}], l.price_band)`,
  },
  customerClass: { select: 'k.abc_class', order: 'k.abc_class' },
  customerType: { select: 'l.customer_type', order: 'l.customer_type' },
  channel: { select: 'l.channel', order: 'l.channel' },
};

// Margins are taken over the lines whose cost is known (costedAmount says how much that covers).
const MEASURES_SQL = `
  coalesce(sum(l.quantity), 0)::text AS "quantity",
  coalesce(sum(l.amount), 0)::numeric(18,2)::text AS "amount",
  coalesce(sum(l.cost), 0)::numeric(18,2)::text AS "cost",
  coalesce(sum(l.amount) FILTER (WHERE l.cost IS NOT NULL), 0)::numeric(18,2)::text AS "costedAmount",
  coalesce(sum(l.amount - l.cost), 0)::numeric(18,2)::text AS "grossMargin",
  CASE WHEN sum(l.amount) FILTER (WHERE l.cost IS NOT NULL) <> 0
    THEN round(sum(l.amount - l.cost) / sum(l.amount) FILTER (WHERE l.cost IS NOT NULL), 4)::text END AS "marginRate",
  coalesce(sum(l.list_amount), 0)::numeric(18,2)::text AS "listAmount"`;

/** Sales cube queries: group-bys in SQL over read_models.sales_line, class joined at query time. */
@Injectable()
export class SalesCubeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `regions` (a manager's) keeps the lines sold while the customer was in one of them (the region
   * at order time, which is the cube's own region dimension); undefined: every line.
   */
  async query(
    from: string,
    to: string,
    groupBy: SalesDimension[],
    regions?: readonly string[],
  ): Promise<SalesCubeView> {
    // The classes are those of the instant the range ends: the day after `to`, 00:00 UTC.
    const classAsOf = dayRange(from, to).end;
    const withClass = groupBy.includes('customerClass');
    // $1, $2: the days of the range; $3: the regions (null: all); $4 (only with the class): the
    // instant the ABC classes are taken at.
    const scope = regions ?? null;
    const params = withClass ? [from, to, scope, classAsOf] : [from, to, scope];
    const classJoin = withClass
      ? `LEFT JOIN read_models.live_abc_classes($4::timestamptz) k ON k.customer_id = l.customer_id`
      : '';
    const selected = groupBy.map((d) => `${DIMENSION_SQL[d].select} AS "${d}"`);
    const grouped = groupBy.map((d) => DIMENSION_SQL[d].select);
    const ordered = groupBy.map((d) => DIMENSION_SQL[d].order);
    const where = `WHERE l.day BETWEEN $1::date AND $2::date
      AND ($3::text[] IS NULL OR l.region = ANY($3::text[]))`;
    // Rows and totals from one snapshot, so that they agree while the projector writes.
    const { rows, totals } = await this.db.transaction('REPEATABLE READ', async (m: EntityManager) => {
      const cells = groupBy.length
        ? await m.query<SalesCubeRowView[]>(
            `SELECT ${[...selected, MEASURES_SQL].join(',\n')}
             FROM read_models.sales_line l ${classJoin}
             ${where}
             GROUP BY ${grouped.join(', ')}
             ORDER BY ${ordered.join(', ')}`,
            params,
          )
        : [];
      const [sum] = await m.query<SalesMeasuresView[]>(
        `SELECT ${MEASURES_SQL} FROM read_models.sales_line l ${where}`,
        [from, to, scope],
      );
      return { rows: cells, totals: sum! };
    });
    return {
      from,
      to,
      groupBy,
      classAsOf,
      rows: groupBy.length ? rows : [totals],
      totals,
    };
  }
}
