import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@crm/platform';

/** relay configuration: environment variables, validated, each with a working default but the brokers. */
export class RelayConfig {
  /** Secret: PostgreSQL connection string (event store and the relay's checkpoint). */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  /** `esdb://…`: publish EventStoreDB's $all instead of the PostgreSQL event store's log. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Comma-separated Kafka bootstrap servers (required: the relay only runs with Kafka). */
  @IsString() KAFKA_BROKERS!: string;
  @IsString() KAFKA_TOPIC: string = 'crm.events';
  @IsInt() @Min(1) @Max(1000) KAFKA_PARTITIONS: number = 6;
  /** Events per produce request (and per checkpoint update). */
  @IsInt() @Min(1) @Max(100_000) RELAY_BATCH_SIZE: number = 500;
  @IsInt() @Min(10) @Max(600_000) RELAY_RETRY_DELAY_MS: number = 1000;
  @IsInt() @Min(10) @Max(60_000) RELAY_POLL_INTERVAL_MS: number = 1000;
}
