import { ApiProperty } from '@nestjs/swagger';

/** What every accepted command answers with. */
export class CommandResult {
  @ApiProperty({ example: 'customer-7f0c…', description: 'Stream the events were appended to' })
  streamId!: string;

  @ApiProperty({ example: 3, description: 'Version of the stream after the append (0-based)' })
  streamVersion!: number;

  @ApiProperty({ example: '1042', description: 'Global position of the last appended event' })
  globalPosition!: string;

  @ApiProperty({
    example: '7731-1042',
    description: 'Position in the global log; pass it to the query API to read your own write',
  })
  consistencyToken!: string;

  @ApiProperty({ description: 'True when this command had been accepted before and nothing was appended' })
  replayed!: boolean;
}
