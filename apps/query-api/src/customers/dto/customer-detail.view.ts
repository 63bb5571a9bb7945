import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIFECYCLE_STAGES } from '@crm/read-models';
import { CustomerView } from './customer.view';

export class CustomerValueView {
  @ApiProperty({ example: '10788.00' }) revenue!: string;
  @ApiProperty({ example: '9000.00', description: 'Revenue of the orders whose cost is known' })
  costedRevenue!: string;
  @ApiProperty({ example: '6900.00', description: 'Cost of those orders' }) cost!: string;
  @ApiProperty({ example: '2100.00' }) grossMargin!: string;
  @ApiPropertyOptional({ example: '0.2333', nullable: true, description: 'grossMargin / costedRevenue' })
  grossMarginRate!: string | null;
  @ApiPropertyOptional({ example: '899.00', nullable: true, description: 'revenue / volume' })
  averageSellingPrice!: string | null;
  @ApiProperty({ example: '11988.00', description: 'qty × list price over lines with a list price' })
  listAmount!: string;
  @ApiProperty({ example: '10788.00', description: 'qty × selling price over the same lines' })
  pricedAmount!: string;
  @ApiPropertyOptional({ example: '0.8999', nullable: true, description: 'pricedAmount / listAmount' })
  priceRealisation!: string | null;
  @ApiProperty({ example: '10000.00' }) paid!: string;
  @ApiProperty({ example: '788.00', description: 'Ordered − paid on live orders' }) outstanding!: string;
  @ApiProperty({ example: '70.00', description: 'Contact cost: the visits’ cost' }) contactCost!: string;
  @ApiPropertyOptional({
    example: '0.0065',
    nullable: true,
    description: 'Cost to serve: contactCost / revenue',
  })
  costToServe!: string | null;
  @ApiProperty({ example: '2030.00', description: 'grossMargin − contactCost' })
  marginAfterContactCost!: string;
}

export class RfmView {
  @ApiProperty({ example: 4, description: '1..buckets; higher = more recent' }) recency!: number;
  @ApiProperty({ example: 5 }) frequency!: number;
  @ApiProperty({ example: 3 }) monetary!: number;
  @ApiProperty({ example: '453' }) score!: string;
  @ApiProperty({ example: 5 }) buckets!: number;
  @ApiProperty({ example: 12, description: 'Live orders scored' }) orders!: number;
  @ApiProperty({ example: '10788.00' }) revenue!: string;
  @ApiProperty({ format: 'date-time' }) lastOrderAt!: string;
  @ApiProperty({ example: 812, description: 'Customers with orders the quantiles are taken over' })
  population!: number;
  @ApiProperty({
    format: 'date-time',
    description:
      'The instant the scores are as of. Without asOf: the stored scores, refreshed with the ABC ranking ' +
      '(abc.rankedAt) and served at most 60 s old; orders recorded since are not in them yet. With asOf: asOf itself',
  })
  scoredAt!: string;
}

export class AbcPositionView {
  @ApiProperty({ enum: ['A', 'B', 'C'] }) abcClass!: string;
  @ApiProperty({ example: 3 }) rank!: number;
  @ApiProperty({ example: 41, description: 'N' }) population!: number;
  @ApiProperty({ enum: ['revenue', 'gross_margin'] }) measure!: string;
  @ApiProperty({ example: '10788.00' }) measureValue!: string;
  @ApiPropertyOptional({ nullable: true, description: 'null: the default policy' }) policyVersion!:
    number | null;
  @ApiProperty({
    format: 'date-time',
    description:
      'The instant the ranking is as of. Without asOf: the stored ranking, refreshed in the background ' +
      'and served at most 60 s old (about 10 s under steady traffic); a customer registered after it ' +
      'has no class yet (abc is null). With asOf: asOf itself',
  })
  rankedAt!: string;
}

export class StageChangeView {
  @ApiProperty({ enum: LIFECYCLE_STAGES }) stage!: string;
  @ApiPropertyOptional({ enum: LIFECYCLE_STAGES, nullable: true }) fromStage!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'Next transition; null: still in it',
  })
  until!: string | null;
  @ApiProperty({ example: '42.50', description: 'Days in the stage (until the next transition or asOf)' })
  days!: string;
}

export class ScheduledStageView {
  @ApiProperty({ enum: LIFECYCLE_STAGES }) stage!: string;
  @ApiProperty({ format: 'date-time', description: 'Unless the customer orders before then' }) at!: string;
}

export class LifecycleView {
  @ApiProperty({ enum: LIFECYCLE_STAGES }) stage!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) since!: string | null;
  @ApiProperty({ type: [StageChangeView], description: 'Transitions up to asOf, oldest first' })
  history!: StageChangeView[];
  @ApiPropertyOptional({ type: ScheduledStageView, nullable: true }) next!: ScheduledStageView | null;
}

export class CustomerDetailView extends CustomerView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) ownerAssignedAt!: string | null;
  @ApiProperty({ description: 'CustomerProfileUpdated events applied' }) profileChangeCount!: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) profileUpdatedAt!: string | null;
  @ApiProperty({ type: CustomerValueView }) value!: CustomerValueView;
  @ApiPropertyOptional({ type: RfmView, nullable: true, description: 'null: no live order (before asOf)' })
  rfm!: RfmView | null;
  @ApiPropertyOptional({ type: AbcPositionView, nullable: true, description: 'null: registered after asOf' })
  abc!: AbcPositionView | null;
  @ApiProperty({ type: LifecycleView }) lifecycle!: LifecycleView;
}
