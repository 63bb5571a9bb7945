import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_CHANNELS, CUSTOMER_TYPES, OPPORTUNITY_STAGES } from '@crm/events';

export class HistoryProfileView {
  @ApiProperty({ example: 'Golden Harvest Trading Co.' }) name!: string;
  @ApiProperty({ enum: CUSTOMER_TYPES }) type!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiPropertyOptional({ nullable: true }) industry!: string | null;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true }) preferredChannel!: string | null;
  @ApiPropertyOptional({ nullable: true }) source!: string | null;
  @ApiPropertyOptional({ nullable: true }) partnerId!: string | null;
}

export class HistoryContactView {
  @ApiProperty({ example: 'person-3' }) contactPersonId!: string;
  @ApiProperty({ example: 'Zhang Min' }) name!: string;
  @ApiPropertyOptional({ nullable: true, example: 'purchasing manager' }) role!: string | null;
  @ApiPropertyOptional({ nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true }) email!: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

export class HistoryOpportunityView {
  @ApiProperty({ example: 'opp-2026-17' }) opportunityId!: string;
  @ApiProperty({ example: 'Spring restock' }) title!: string;
  @ApiProperty({ example: '45000.00', description: 'Exact decimal string' }) expectedAmount!: string;
  @ApiProperty({ enum: OPPORTUNITY_STAGES }) stage!: string;
  @ApiPropertyOptional({ nullable: true }) repId!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date' }) expectedCloseDate!: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
}

export class HistoryOpportunityCountsView {
  @ApiProperty({ example: 1 }) open!: number;
  @ApiProperty({ example: 2 }) won!: number;
  @ApiProperty({ example: 0 }) lost!: number;
}

export class HistoryEventRefView {
  @ApiProperty({ example: 7 }) streamVersion!: number;
  @ApiProperty({ example: '1042' }) globalPosition!: string;
  @ApiProperty({ example: 'PaymentReceived' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

/** The customer as it was at `asOf`, folded from its own events (not from read models). */
export class CustomerHistoryView {
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ format: 'date-time', description: 'Events with a business time at or before it are folded' })
  asOf!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'When given: only events recorded at or before it (what the system knew then)',
  })
  knownAt!: string | null;
  @ApiProperty({ example: 12, description: 'Events folded' }) eventCount!: number;
  @ApiProperty({ type: HistoryEventRefView, description: 'The last event folded' })
  lastEvent!: HistoryEventRefView;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: HistoryProfileView }) profile!: HistoryProfileView;
  @ApiPropertyOptional({ nullable: true, example: 'rep-12' }) ownerRepId!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) ownerAssignedAt!: string | null;
  @ApiProperty({ example: 3, description: 'Orders recorded and not cancelled' }) orderCount!: number;
  @ApiProperty({ example: 1 }) cancelledOrderCount!: number;
  @ApiProperty({ example: '10788.00', description: 'Sum of the live orders, exact' }) revenue!: string;
  @ApiProperty({ example: '10000.00', description: 'Paid on the live orders, exact' }) paid!: string;
  @ApiProperty({ example: '788.00', description: 'revenue − paid, exact' }) outstanding!: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', description: 'Earliest live order' })
  firstOrderAt!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', description: 'Latest live order' })
  lastOrderAt!: string | null;
  @ApiProperty({ example: 4 }) visitCount!: number;
  @ApiProperty({ type: [HistoryContactView], description: 'In the order they were added' })
  contacts!: HistoryContactView[];
  @ApiProperty({ type: [HistoryOpportunityView], description: 'Opened and neither won nor lost' })
  openOpportunities!: HistoryOpportunityView[];
  @ApiProperty({ type: HistoryOpportunityCountsView }) opportunities!: HistoryOpportunityCountsView;
}
