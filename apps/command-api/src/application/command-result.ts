import { ApiProperty } from '@nestjs/swagger';

/**
 * What every command answers with. `changed: true` (HTTP 201): events were appended, now or by
 * the first run of a replayed command. `changed: false` (HTTP 200): the command changed nothing,
 * nothing was appended, and the positions are those of the stream's last event.
 */
export class CommandResult {
  @ApiProperty({ example: 'customer-7f0c…', description: 'Stream the command was decided on' })
  streamId!: string;

  @ApiProperty({
    example: 3,
    description: 'Version of the stream after the command (0-based; -1 for a stream without events)',
  })
  streamVersion!: number;

  @ApiProperty({
    example: '1042',
    type: String,
    nullable: true,
    description:
      'Global position of the last appended event (of the stream’s last event when nothing changed)',
  })
  globalPosition!: string | null;

  @ApiProperty({
    example: '7731-1042',
    type: String,
    nullable: true,
    description:
      'Position in the global log; pass it to the query API to read your own write. Null only when ' +
      'nothing changed and the stream’s last event was not written by this API',
  })
  consistencyToken!: string | null;

  @ApiProperty({ description: 'True when this command had been accepted before and nothing was appended' })
  replayed!: boolean;

  @ApiProperty({
    example: true,
    description: 'False (HTTP 200) when the command changed nothing and nothing was appended',
  })
  changed!: boolean;
}
