import { ApiProperty } from '@nestjs/swagger';

export class QuotaAttainmentView {
  @ApiProperty({ example: '2026-Q4' }) period!: string;
  @ApiProperty({ example: '2026-10-01', format: 'date' }) periodStart!: string;
  @ApiProperty({ example: '2026-12-31', format: 'date' }) periodEnd!: string;
  @ApiProperty({ example: 2, description: 'Revision in force (a correction supersedes)' }) revision!: number;
  @ApiProperty({ example: '120000.00' }) targetAmount!: string;
  @ApiProperty({ example: '150' }) targetVolume!: string;
  @ApiProperty({ example: '45210.50' }) actualAmount!: string;
  @ApiProperty({ example: '61' }) actualVolume!: string;
  @ApiProperty({ example: '0.3768', description: 'actualAmount / targetAmount, 4 decimals' })
  amountAttainment!: string;
  @ApiProperty({ example: '0.4067', description: 'actualVolume / targetVolume, 4 decimals' })
  volumeAttainment!: string;
  @ApiProperty({
    example: '0.9420',
    nullable: true,
    description: 'Selling ÷ list price over lines with a list price; below 1 shows price cutting',
  })
  priceRealisation!: string | null;
  @ApiProperty({ example: 14 }) orderCount!: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) categoryTargets!: unknown[];
}

export class RepQuotasView {
  @ApiProperty({ example: 'rep-12' }) repId!: string;
  @ApiProperty({ example: 'Li Wei' }) name!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiProperty({ type: [QuotaAttainmentView] }) quotas!: QuotaAttainmentView[];
}
