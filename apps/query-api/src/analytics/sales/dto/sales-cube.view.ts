import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRICE_BANDS } from '@crm/read-models';

/** What every cell of the cube measures. Money is an exact decimal string. */
export class SalesMeasuresView {
  @ApiProperty({ example: '61', description: 'Units (decimal string: may exceed 2^53)' }) quantity!: string;
  @ApiProperty({ example: '45210.50', description: 'Net sales amount (cancelled orders excluded)' })
  amount!: string;
  @ApiProperty({
    example: '38020.00',
    description: 'Σ quantity × unit cost over the lines that have a unit cost',
  })
  cost!: string;
  @ApiProperty({
    example: '45210.50',
    description: 'Amount of the lines that have a unit cost (what margins cover)',
  })
  costedAmount!: string;
  @ApiProperty({ example: '7190.50', description: 'costedAmount − cost' }) grossMargin!: string;
  @ApiProperty({
    example: '0.1590',
    nullable: true,
    description: 'grossMargin ÷ costedAmount, 4 decimals; null when no line has a cost',
  })
  marginRate!: string | null;
  @ApiProperty({
    example: '48000.00',
    description: 'Σ quantity × list price (selling price where a line has none)',
  })
  listAmount!: string;
}

export class SalesCubeRowView extends SalesMeasuresView {
  @ApiPropertyOptional({ format: 'date', example: '2026-11-10' }) day?: string;
  @ApiPropertyOptional({ example: '2026-11' }) month?: string;
  @ApiPropertyOptional({ example: 'east' }) region?: string;
  @ApiPropertyOptional({ example: 'televisions' }) category?: string;
  @ApiPropertyOptional({ example: 'Lumina' }) brand?: string;
  @ApiPropertyOptional({
    enum: PRICE_BANDS.map((b) => b.label),
    description: 'Band of the unit selling price',
  })
  priceBand?: string;
  @ApiPropertyOptional({
    enum: ['A', 'B', 'C'],
    nullable: true,
    description: 'Live ABC class as of the end of the range; null for a customer not classified then',
  })
  customerClass?: string | null;
  @ApiPropertyOptional({
    enum: ['retail', 'direct', 'distributor'],
    description: 'Customer type at order time',
  })
  customerType?: string;
  @ApiPropertyOptional({ enum: ['direct', 'partner', 'web'] }) channel?: string;
}

export class SalesCubeView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [String], example: ['region', 'category'] }) groupBy!: string[];
  @ApiProperty({
    format: 'date-time',
    description: 'The ABC classes are those of this instant (the end of the range)',
  })
  classAsOf!: string;
  @ApiProperty({
    type: [SalesCubeRowView],
    description: 'One row per combination that has sales, ordered by the dimensions',
  })
  rows!: SalesCubeRowView[];
  @ApiProperty({ type: SalesMeasuresView, description: 'The whole range' }) totals!: SalesMeasuresView;
}
