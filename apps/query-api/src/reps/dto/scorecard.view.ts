import { ApiProperty } from '@nestjs/swagger';

export class TerritoryView {
  @ApiProperty({ type: [String], example: ['east'] }) regions!: string[];
  @ApiProperty({ type: [String], example: ['televisions'] }) categories!: string[];
  @ApiProperty({ type: [String], example: ['Lumina'] }) brands!: string[];
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
}

export class ScorecardSalesView {
  @ApiProperty({ example: 2, nullable: true, description: 'Quota revision in force; null: no quota' })
  quotaRevision!: number | null;
  @ApiProperty({ example: '120000.00', nullable: true }) targetAmount!: string | null;
  @ApiProperty({ example: '150', nullable: true }) targetVolume!: string | null;
  @ApiProperty({ example: '45210.50', description: 'Net of cancelled orders' }) actualAmount!: string;
  @ApiProperty({ example: '61' }) actualVolume!: string;
  @ApiProperty({ example: 14 }) orderCount!: number;
  @ApiProperty({ example: '0.3768', nullable: true, description: 'actual ÷ target amount, 4 decimals' })
  amountAttainment!: string | null;
  @ApiProperty({ example: '0.4067', nullable: true, description: 'actual ÷ target volume, 4 decimals' })
  volumeAttainment!: string | null;
  @ApiProperty({
    example: '0.9420',
    nullable: true,
    description: 'Selling ÷ list price over lines with a list price; below 1 shows price cutting',
  })
  priceRealisation!: string | null;
}

export class ScorecardContactView {
  @ApiProperty({ example: 9, description: 'Visits the rep logged in the period' }) visits!: number;
  @ApiProperty({ example: '315.00' }) contactCost!: string;
  @ApiProperty({ example: 6 }) customersVisited!: number;
}

export class CustomersByClassView {
  @ApiProperty({ format: 'date-time', description: 'Instant of the live ABC classes' }) classAsOf!: string;
  @ApiProperty({ example: 30, description: 'Customers the rep owns now' }) total!: number;
  @ApiProperty({ example: 1 }) A!: number;
  @ApiProperty({ example: 5 }) B!: number;
  @ApiProperty({ example: 22 }) C!: number;
  @ApiProperty({ example: 2, description: 'Not classified at classAsOf (e.g. registered later)' })
  unclassified!: number;
}

export class PipelineBucketView {
  @ApiProperty({ example: 3 }) count!: number;
  @ApiProperty({ example: '25000.00' }) expectedAmount!: string;
}

export class PipelineView {
  @ApiProperty({ type: PipelineBucketView, description: 'Opened in the period' }) opened!: PipelineBucketView;
  @ApiProperty({ type: PipelineBucketView, description: 'Still open at the end of the period' })
  open!: PipelineBucketView;
  @ApiProperty({ type: PipelineBucketView, description: 'Won in the period' }) won!: PipelineBucketView;
  @ApiProperty({ type: PipelineBucketView, description: 'Lost in the period' }) lost!: PipelineBucketView;
  @ApiProperty({ example: '0.6000', nullable: true, description: 'won ÷ (won + lost) in the period' })
  winRate!: string | null;
}

export class ReceivablesView {
  @ApiProperty({ example: '8200.00', description: "Ordered − paid on the rep's customers' orders, now" })
  outstanding!: string;
  @ApiProperty({ example: 4 }) openOrders!: number;
  @ApiProperty({ example: 3 }) customers!: number;
}

export class RepScorecardView {
  @ApiProperty({ example: 'rep-12' }) repId!: string;
  @ApiProperty({ example: 'Li Wei' }) name!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ type: TerritoryView, nullable: true }) territory!: TerritoryView | null;
  @ApiProperty({ type: ScorecardSalesView }) sales!: ScorecardSalesView;
  @ApiProperty({ type: ScorecardContactView }) contact!: ScorecardContactView;
  @ApiProperty({ type: CustomersByClassView }) customers!: CustomersByClassView;
  @ApiProperty({ type: PipelineView }) pipeline!: PipelineView;
  @ApiProperty({ type: ReceivablesView }) receivables!: ReceivablesView;
}
