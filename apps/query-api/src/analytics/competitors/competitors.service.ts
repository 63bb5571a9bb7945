import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { dayRange } from '../shared/query-validators';
import type { CompetitorProductView, CompetitorTrendView, CompetitorsView } from './dto/competitors.view';

// $1/$2: [start, end) instants or null, $3: region or null, $4: a manager's regions or null (all).
const FILTER = `WHERE ($1::timestamptz IS NULL OR f.observed_at >= $1::timestamptz)
  AND ($2::timestamptz IS NULL OR f.observed_at < $2::timestamptz)
  AND ($3::text IS NULL OR f.region = $3)
  AND ($4::text[] IS NULL OR f.region = ANY($4::text[]))`;

/** Competitor feedback by competitor, product and region, and its monthly trend. */
@Injectable()
export class CompetitorsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `regions` (a manager's) keeps the feedback heard while the customer was in one of them (the
   * read model's region, the same the `region` filter uses); undefined: all.
   */
  async query(
    filter: { from?: string; to?: string; region?: string },
    regions?: readonly string[],
  ): Promise<CompetitorsView> {
    const start = filter.from ? dayRange(filter.from, filter.from).start : null;
    const end = filter.to ? dayRange(filter.to, filter.to).end : null;
    const params = [start, end, filter.region ?? null, regions ?? null];
    // Both answers from one snapshot, so that they agree while the projector writes.
    const { products, trend } = await this.db.transaction('REPEATABLE READ', async (m: EntityManager) => {
      const byProduct = await m.query<
        Array<Omit<CompetitorProductView, 'lastCommentAt'> & { lastCommentAt: Date | null }>
      >(
        `SELECT f.competitor AS "competitor", f.product AS "product", f.region AS "region",
                count(*)::int AS "count", round(avg(f.rating), 2)::text AS "averageRating",
                max(f.observed_at) FILTER (WHERE f.comment IS NOT NULL AND f.comment <> '') AS "lastCommentAt"
         FROM read_models.competitor_feedback f ${FILTER}
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        params,
      );
      const byMonth = await m.query<CompetitorTrendView[]>(
        `SELECT to_char(f.observed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS "month", f.competitor AS "competitor",
                f.product AS "product", count(*)::int AS "count", round(avg(f.rating), 2)::text AS "averageRating"
         FROM read_models.competitor_feedback f ${FILTER}
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        params,
      );
      return { products: byProduct, trend: byMonth };
    });
    return {
      from: filter.from ?? null,
      to: filter.to ?? null,
      region: filter.region ?? null,
      products: products.map((p) => ({ ...p, lastCommentAt: p.lastCommentAt?.toISOString() ?? null })),
      trend,
    };
  }
}
