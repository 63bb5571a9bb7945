import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CustomerSummaryEntity } from '@crm/read-models';

export class CustomerView {
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ example: 'Golden Harvest Trading Co.' }) name!: string;
  @ApiProperty({ enum: ['retail', 'direct', 'distributor'] }) type!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiPropertyOptional({ nullable: true }) industry!: string | null;
  @ApiPropertyOptional({ nullable: true }) preferredChannel!: string | null;
  @ApiPropertyOptional({ nullable: true }) source!: string | null;
  @ApiPropertyOptional({ nullable: true }) partnerId!: string | null;
  @ApiPropertyOptional({ nullable: true }) externalId!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ enum: ['prospect', 'new', 'active'], description: 'Lifecycle stage from orders' })
  lifecycleStage!: string;
  @ApiProperty({ example: 3 }) orderCount!: number;
  @ApiProperty({ example: '12', description: 'Units ordered (decimal string: may exceed 2^53)' })
  volume!: string;
  @ApiProperty({ example: '10788.00', description: 'Revenue, exact decimal string' }) revenue!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) firstOrderAt!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) lastOrderAt!: string | null;
  @ApiProperty({ example: 2 }) visitCount!: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) lastVisitAt!: string | null;
  @ApiProperty({ example: '70.00' }) visitCost!: string;
  @ApiProperty({ example: '1042', description: 'Global position of the last event that changed this row' })
  lastGlobalPosition!: string;

  static from(row: CustomerSummaryEntity): CustomerView {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      customerId: row.customerId,
      name: row.name,
      type: row.type,
      region: row.region,
      industry: row.industry,
      preferredChannel: row.preferredChannel,
      source: row.source,
      partnerId: row.partnerId,
      externalId: row.externalId,
      registeredAt: row.registeredAt.toISOString(),
      lifecycleStage: row.lifecycleStage,
      orderCount: row.orderCount,
      volume: row.volume,
      revenue: row.revenue,
      firstOrderAt: iso(row.firstOrderAt),
      lastOrderAt: iso(row.lastOrderAt),
      visitCount: row.visitCount,
      lastVisitAt: iso(row.lastVisitAt),
      visitCost: row.visitCost,
      lastGlobalPosition: row.lastGlobalPosition,
    };
  }
}

export class CustomerPage {
  @ApiProperty({ type: [CustomerView] }) items!: CustomerView[];
  @ApiPropertyOptional({
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Customers matching the filters, over all pages' }) total!: number;
}
