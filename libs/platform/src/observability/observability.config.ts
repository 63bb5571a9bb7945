import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { LOG_LEVELS, type LogLevel } from './logging/app-logger';

/** Settings every app shares for logs, health and shutdown (extended by each app's config). */
export class ObservabilityConfig {
  /** Lowest level written to the JSON log (stdout). */
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  /** Longest wait for one dependency in a readiness check. */
  @IsInt() @Min(50) @Max(60_000) HEALTH_CHECK_TIMEOUT_MS: number = 2000;
  /** On SIGTERM, how long the app keeps serving (readiness already 503) before it stops accepting. */
  @IsInt() @Min(0) @Max(120_000) SHUTDOWN_GRACE_MS: number = 0;
  /** Comma-separated Kafka bootstrap servers: when set, readiness also checks Kafka. */
  @IsOptional() @IsString() KAFKA_BROKERS?: string;
}
