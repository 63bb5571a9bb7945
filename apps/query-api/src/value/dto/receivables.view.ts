import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AgeingView {
  @ApiProperty({ example: '152.00', description: 'Ordered − paid on live orders' }) outstanding!: string;
  @ApiProperty({ example: '90.00' }) days0To30!: string;
  @ApiProperty({ example: '7.00' }) days31To60!: string;
  @ApiProperty({ example: '50.00' }) days61To90!: string;
  @ApiProperty({ example: '5.00' }) daysOver90!: string;
  @ApiProperty({ example: 5 }) openOrders!: number;
}

export class ReceivablesItemView extends AgeingView {
  @ApiPropertyOptional({ nullable: true, description: 'Customer id, rep id (null: no rep) or region' })
  key!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Customer name (grouped by customer)' }) name!:
    string | null;
}

export class ReceivablesView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ enum: ['customer', 'rep', 'region'] }) by!: string;
  @ApiProperty({ description: 'Groups with something outstanding (items holds the largest)' })
  groups!: number;
  @ApiProperty({ type: AgeingView }) total!: AgeingView;
  @ApiProperty({ type: [ReceivablesItemView] }) items!: ReceivablesItemView[];
}
