import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL, ObservabilityConfig } from '@crm/platform';

/** command-api configuration: environment variables, validated, each with a working default. */
export class CommandApiConfig extends ObservabilityConfig {
  /** Secret: PostgreSQL connection string (event store). Defaults to the embedded server. */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  @IsInt() @Min(0) @Max(65535) COMMAND_API_PORT: number = 3000;
  @IsString() HOST: string = '127.0.0.1';
  /** Largest accepted request body in bytes. */
  @IsInt() @Min(1024) BODY_LIMIT_BYTES: number = 1_048_576;
  /** How many times a command is decided again on fresh state after a concurrency conflict. */
  @IsInt() @Min(0) @Max(50) COMMAND_MAX_RETRIES: number = 10;
  /**
   * Events of recently used streams kept folded in memory, so that a command reads only what was
   * appended since (0: every command reads its stream whole). A kept stream holds its state and one
   * command id per command, not its events: about 42 MB for 200,000 orders (2,000 customers).
   */
  @IsInt() @Min(0) COMMAND_STREAM_CACHE_EVENTS: number = 200_000;
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
}
