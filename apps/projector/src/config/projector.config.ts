import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@crm/platform';

/** projector configuration: environment variables, validated, each with a working default. */
export class ProjectorConfig {
  /** Secret: PostgreSQL connection string (event store and read models). */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  /** Events read and applied per transaction. */
  @IsInt() @Min(1) @Max(100_000) PROJECTOR_BATCH_SIZE: number = 1000;
  /** Longest wait for new events when no notification arrives. */
  @IsInt() @Min(10) @Max(60_000) PROJECTOR_POLL_INTERVAL_MS: number = 1000;
  /** Wait before a failed batch is tried again. */
  @IsInt() @Min(10) @Max(600_000) PROJECTOR_RETRY_DELAY_MS: number = 1000;
  /** `esdb://…`: follow EventStoreDB's $all instead of the PostgreSQL event store. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Comma-separated Kafka bootstrap servers; when set the projector consumes the Kafka topic. */
  @IsOptional() @IsString() KAFKA_BROKERS?: string;
  @IsString() KAFKA_TOPIC: string = 'crm.events';
  /** Partitions of the topic when it is created (the most projector instances that share work). */
  @IsInt() @Min(1) @Max(1000) KAFKA_PARTITIONS: number = 6;
  @IsString() KAFKA_GROUP_ID: string = 'crm-projector';
}
