import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@crm/platform';

/** replay CLI configuration: environment variables, validated, each with a working default. */
export class ReplayConfig {
  /** Secret: PostgreSQL connection string (event store and read models); default: the embedded server of `npm start`. */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  /** Events per replay transaction (overridden by --batch-size). */
  @IsInt() @Min(1) @Max(10_000) REPLAY_BATCH_SIZE: number = 1000;
  /** Interval of the plain progress lines when stderr is not a terminal. */
  @IsInt() @Min(100) @Max(600_000) REPLAY_PROGRESS_INTERVAL_MS: number = 5000;
  /** `esdb://…`: replay from EventStoreDB instead of the PostgreSQL event store. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Set by npm: the directory `npm run replay` was called from; relative file paths resolve against it. */
  @IsOptional() @IsString() INIT_CWD?: string;
}
