import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TimelineActorView {
  @ApiProperty({ example: 'u-17' }) userId!: string;
  @ApiProperty({ enum: ['rep', 'manager', 'admin', 'system'] }) role!: string;
}

/** One stored event about the customer, with who, when and why. */
export class TimelineEntryView {
  @ApiProperty({ example: 3, description: 'Version of the event in the customer stream' }) streamVersion!: number;
  @ApiProperty({ example: '1042', description: 'Position in the global log' }) globalPosition!: string;
  @ApiProperty({ example: 'OrderRecorded' }) type!: string;
  @ApiProperty({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'order-2026-0001-attempt-1' }) commandId!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty() causationId!: string;
  @ApiProperty({ type: TimelineActorView }) actor!: TimelineActorView;
  @ApiProperty({ format: 'date-time', description: 'Business time of the fact' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the system recorded it' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data' }) data!: unknown;
}

export class TimelinePage {
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ type: [TimelineEntryView] }) items!: TimelineEntryView[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
