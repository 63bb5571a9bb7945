import { ApiProperty } from '@nestjs/swagger';

export class StageCountsView {
  @ApiProperty() prospect!: number;
  @ApiProperty() new!: number;
  @ApiProperty() active!: number;
  @ApiProperty() at_risk!: number;
  @ApiProperty() dormant!: number;
  @ApiProperty() reactivated!: number;
}

export class FunnelMonthView {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ type: StageCountsView, description: 'Customers entering each stage in the month' })
  entered!: StageCountsView;
}

export class FunnelView {
  @ApiProperty({ example: '2026-01' }) from!: string;
  @ApiProperty({ example: '2026-12' }) to!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [FunnelMonthView] }) months!: FunnelMonthView[];
}
