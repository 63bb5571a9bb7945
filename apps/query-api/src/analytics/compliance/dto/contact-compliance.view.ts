import { ApiProperty } from '@nestjs/swagger';

export class ContactComplianceRowView {
  @ApiProperty({ example: 'rep-12' }) repId!: string;
  @ApiProperty({ enum: ['A', 'B', 'C'], nullable: true, description: 'Live ABC class; null: not classified' })
  customerClass!: string | null;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiProperty({ example: 4, description: 'Customers the rep owns in this class and region' })
  customers!: number;
  @ApiProperty({
    example: 12,
    description: 'Σ visitsPerMonth × customers of the segment × months in the period',
  })
  plannedVisits!: number;
  @ApiProperty({
    example: 9,
    description: 'Visits the rep logged in the period to customers of this class and region',
  })
  actualVisits!: number;
  @ApiProperty({
    example: '0.7500',
    nullable: true,
    description: 'actual ÷ planned visits, 4 decimals; null when nothing was planned',
  })
  visitCompliance!: string | null;
  @ApiProperty({ example: '600.00', description: 'Σ planned visits × budgetPerVisit' }) budget!: string;
  @ApiProperty({ example: '412.50', description: 'Σ cost of the actual visits' }) spent!: string;
  @ApiProperty({
    example: '0.6875',
    nullable: true,
    description: 'spent ÷ budget, 4 decimals; null when there is no budget',
  })
  budgetUsage!: string | null;
  @ApiProperty({ type: [String], example: ['product demo', 'training'] }) plannedActivityTypes!: string[];
  @ApiProperty({ type: [String], example: ['product demo'] }) activityTypesUsed!: string[];
}

export class ContactComplianceView {
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ example: 1 }) months!: number;
  @ApiProperty({
    example: 2,
    nullable: true,
    description: 'Revision of the plan in force; null: no plan for the period',
  })
  planRevision!: number | null;
  @ApiProperty({ format: 'date-time', description: 'Instant of the ABC classes used' }) classAsOf!: string;
  @ApiProperty({ type: [ContactComplianceRowView] }) rows!: ContactComplianceRowView[];
}
