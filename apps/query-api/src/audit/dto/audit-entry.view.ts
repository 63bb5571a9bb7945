import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TimelineActorView } from './timeline.view';

/** One row of the interaction index: a customer event with who, when and why. */
export class AuditEntryView {
  @ApiProperty({ example: '1042', description: 'Position in the global log (decimal string)' })
  globalPosition!: string;
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ example: 3, description: 'Version of the event in the customer stream' })
  streamVersion!: number;
  @ApiProperty({ example: 'OrderRecorded' }) type!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: TimelineActorView }) actor!: TimelineActorView;
  @ApiProperty({ format: 'date-time', description: 'Business time of the fact' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the system recorded it' }) recordedAt!: string;
  @ApiProperty({ example: 'order-2026-0001-attempt-1' }) commandId!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty() causationId!: string;
  @ApiProperty({
    example: 'Order o-1 recorded via direct: 2 lines, 4 units, 0.50',
    description: 'What happened, one line',
  })
  summary!: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (same filters and order) for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
