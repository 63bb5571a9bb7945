import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AbcClassView {
  @ApiProperty({ enum: ['A', 'B', 'C'] }) abcClass!: 'A' | 'B' | 'C';
  @ApiProperty({ example: 3 }) customers!: number;
  @ApiProperty({ example: '0.0732', description: 'customers / population, 4 digits' }) customerShare!:
    string | null;
  @ApiProperty({ example: '152300.00', description: "Sum of the policy's measure" }) measure!: string;
  @ApiPropertyOptional({
    example: '0.5120',
    nullable: true,
    description: 'measure / total measure, 4 digits',
  })
  measureShare!: string | null;
  @ApiProperty({ example: '152300.00', description: 'Revenue of the class in the window' }) revenue!: string;
  @ApiPropertyOptional({ example: '0.5120', nullable: true }) revenueShare!: string | null;
  @ApiPropertyOptional({ example: 1, nullable: true }) firstRank!: number | null;
  @ApiPropertyOptional({ example: 3, nullable: true, description: 'The cut-off: last rank in the class' })
  lastRank!: number | null;
  @ApiPropertyOptional({
    example: '40100.00',
    nullable: true,
    description: 'The measure at the cut-off rank',
  })
  measureAtCutoff!: string | null;
}

export class AbcView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Live policy version; null: the default policy' })
  policyVersion!: number | null;
  @ApiProperty({ enum: ['revenue', 'gross_margin'] }) measure!: string;
  @ApiProperty({ example: 12 }) windowMonths!: number;
  @ApiProperty({ format: 'date-time', description: 'Window [windowStart, asOf), UTC' }) windowStart!: string;
  @ApiProperty({ example: 41, description: 'N: customers registered before asOf' }) population!: number;
  @ApiProperty({ example: '297400.00' }) totalMeasure!: string;
  @ApiProperty({ example: '297400.00' }) totalRevenue!: string;
  @ApiProperty({ type: [AbcClassView] }) classes!: AbcClassView[];
}

export class ParetoPointView {
  @ApiProperty({ example: '0.2000', description: 'Share of customers (k / points)' }) customerShare!: string;
  @ApiProperty({ example: 9, description: 'The top ceil(share · N) customers' }) customers!: number;
  @ApiProperty({ example: '251000.00' }) cumulativeMeasure!: string;
  @ApiPropertyOptional({ example: '0.8440', nullable: true, description: 'Share of the measure they hold' })
  measureShare!: string | null;
}

export class ParetoView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ enum: ['revenue', 'gross_margin'] }) measure!: string;
  @ApiProperty({ example: 41 }) population!: number;
  @ApiProperty({ example: '297400.00' }) totalMeasure!: string;
  @ApiProperty({ type: [ParetoPointView] }) points!: ParetoPointView[];
  @ApiPropertyOptional({
    type: ParetoPointView,
    nullable: true,
    description: 'Exactly the top 20% (ceil(0.2 · N))',
  })
  top20!: ParetoPointView | null;
}
