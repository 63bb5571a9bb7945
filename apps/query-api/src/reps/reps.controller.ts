import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RepEntity } from '@crm/read-models';
import { RepQuotasView, type QuotaAttainmentView } from './dto/quota.view';
import { RepReadGuard } from '../access/rep-read.guard';

@ApiTags('reps')
@Controller('reps')
export class RepsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get(':id/quotas')
  @UseGuards(RepReadGuard)
  @ApiOkResponse({
    type: RepQuotasView,
    description: 'Quotas of the rep with target vs actual, newest period first',
  })
  @ApiNotFoundResponse({ description: 'No such rep (or not projected yet)' })
  async quotas(@Param('id') repId: string): Promise<RepQuotasView> {
    const rep = await this.db.getRepository(RepEntity).findOneBy({ repId });
    if (!rep) throw new NotFoundException(`Rep ${repId} not found`);
    // Actuals are the rep's daily sales summed over the period; ratios are computed in SQL, exactly.
    const quotas: QuotaAttainmentView[] = await this.db.query(
      `SELECT q.period AS "period", q.period_start::text AS "periodStart", q.period_end::text AS "periodEnd",
              q.revision AS "revision", q.target_amount::text AS "targetAmount", q.target_volume::text AS "targetVolume",
              coalesce(s.amount, 0)::numeric(18,2)::text AS "actualAmount",
              coalesce(s.volume, 0)::text AS "actualVolume",
              round(coalesce(s.amount, 0) / q.target_amount, 4)::text AS "amountAttainment",
              round(coalesce(s.volume, 0)::numeric / q.target_volume, 4)::text AS "volumeAttainment",
              CASE WHEN coalesce(s.list_amount, 0) > 0 THEN round(s.priced_amount / s.list_amount, 4)::text END
                AS "priceRealisation",
              coalesce(s.order_count, 0)::int AS "orderCount",
              q.category_targets AS "categoryTargets"
       FROM read_models.rep_quota q
       LEFT JOIN LATERAL (
         SELECT sum(amount) AS amount, sum(volume) AS volume, sum(list_amount) AS list_amount,
                sum(priced_amount) AS priced_amount, sum(order_count) AS order_count
         FROM read_models.rep_sales_day d
         WHERE d.rep_id = q.rep_id AND d.day BETWEEN q.period_start AND q.period_end
       ) s ON true
       WHERE q.rep_id = $1
       ORDER BY q.period_start DESC, q.period`,
      [repId],
    );
    return { repId: rep.repId, name: rep.name, region: rep.region, quotas };
  }
}
