import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@crm/platform';

/** importer configuration: environment variables, validated, each with a working default. */
export class ImporterConfig {
  /** Secret: PostgreSQL connection string (the event store); default: the embedded server of `npm start`. */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  /** Customers decided and appended per transaction. */
  @IsInt() @Min(1) @Max(10_000) IMPORT_BATCH_CUSTOMERS: number = 500;
  /** Interval of the plain progress lines when stderr is not a terminal. */
  @IsInt() @Min(100) @Max(600_000) IMPORT_PROGRESS_INTERVAL_MS: number = 5000;
  /** `esdb://…`: import into EventStoreDB (batches are then not atomic across customers). */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Set by npm: the directory `npm run import` was called from; relative file paths resolve against it. */
  @IsOptional() @IsString() INIT_CWD?: string;
}
