import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTOMER_TYPES } from '@crm/events';
import { LIFECYCLE_STAGES } from '@crm/read-models';

/** A customer as listed: profile, owner, stage, class and running value. */
export class CustomerView {
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ example: 'Golden Harvest Trading Co.' }) name!: string;
  @ApiProperty({ enum: CUSTOMER_TYPES }) type!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiPropertyOptional({ nullable: true }) industry!: string | null;
  @ApiPropertyOptional({ nullable: true }) preferredChannel!: string | null;
  @ApiPropertyOptional({ nullable: true }) source!: string | null;
  @ApiPropertyOptional({ nullable: true }) partnerId!: string | null;
  @ApiPropertyOptional({ nullable: true }) externalId!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Current owner rep (CustomerOwnerAssigned)' })
  ownerRepId!: string | null;
  @ApiProperty({ enum: LIFECYCLE_STAGES, description: 'Stage now, with the live policy' })
  lifecycleStage!: string;
  @ApiPropertyOptional({
    enum: ['A', 'B', 'C'],
    nullable: true,
    description: 'ABC class now (null: registered in the future)',
  })
  abcClass!: string | null;
  @ApiProperty({ description: 'Key account: A-class' }) key!: boolean;
  @ApiProperty({ example: 3, description: 'Live (not cancelled) orders' }) orderCount!: number;
  @ApiProperty({ example: '12', description: 'Units ordered (decimal string: may exceed 2^53)' })
  volume!: string;
  @ApiProperty({ example: '10788.00', description: 'Revenue, exact decimal string' }) revenue!: string;
  @ApiProperty({ example: '2100.00', description: 'Revenue − cost over orders whose cost is known' })
  grossMargin!: string;
  @ApiProperty({ example: '500.00', description: 'Ordered − paid on live orders' }) outstanding!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) firstOrderAt!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) lastOrderAt!: string | null;
  @ApiProperty({ example: 2 }) visitCount!: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) lastVisitAt!: string | null;
  @ApiProperty({ example: '70.00', description: 'Sum of the visits’ cost (contact cost)' })
  visitCost!: string;
  @ApiProperty({
    example: '1042',
    description: 'Global position of the last event that changed this customer',
  })
  lastGlobalPosition!: string;
}

export class CustomerPage {
  @ApiProperty({ type: [CustomerView] }) items!: CustomerView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (with the same sort and order) for the next page; null on the last page',
  })
  nextCursor!: string | null;
  @ApiProperty({ description: 'Customers matching the filters, over all pages' }) total!: number;
}
