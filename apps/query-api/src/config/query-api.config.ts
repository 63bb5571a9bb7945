import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL, ObservabilityConfig } from '@crm/platform';

/** query-api configuration: environment variables, validated, each with a working default. */
export class QueryApiConfig extends ObservabilityConfig {
  /** Secret: PostgreSQL connection string (read models). */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  @IsInt() @Min(0) @Max(65535) QUERY_API_PORT: number = 3001;
  @IsString() HOST: string = '127.0.0.1';
  @IsInt() @Min(1024) BODY_LIMIT_BYTES: number = 65_536;
  /** `esdb://…`: the audit trail reads EventStoreDB instead of the PostgreSQL event store. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Longest wait for the read models to pass a client's consistency token before answering stale. */
  @IsInt() @Min(0) @Max(60_000) QUERY_CONSISTENCY_TIMEOUT_MS: number = 3000;
  /** Kafka mode (with KAFKA_BROKERS): the topic and consumer group the projector reads, for read-your-writes. */
  @IsString() KAFKA_TOPIC: string = 'crm.events';
  @IsString() KAFKA_GROUP_ID: string = 'crm-projector';
}
