import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL, LOG_LEVELS, type LogLevel } from '@crm/platform';
import type { ProjectionEngineOptions, ProjectionErrorPolicy } from '@crm/read-models';

/** projector configuration: environment variables, validated, each with a working default. */
export class ProjectorConfig {
  /** Secret: PostgreSQL connection string (event store and read models). */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  /** Events read and applied per transaction. */
  @IsInt() @Min(1) @Max(100_000) PROJECTOR_BATCH_SIZE: number = 1000;
  /**
   * Transactions (and connections) applying one batch at once, each to its own share of the
   * projections: 1 applies every projection in one transaction, one after the other.
   */
  @IsInt() @Min(1) @Max(16) PROJECTOR_PARALLELISM: number = 2;
  /**
   * PostgreSQL's synchronous_commit for the projector's batches. `off` (default): a commit does
   * not wait for its WAL flush. Read models are derived, and each batch commits with its
   * checkpoint (or Kafka offsets), so a database crash loses the last batches and their
   * checkpoints together, and they are applied again; readers may see the models step back to
   * before those batches until then. `on`: every batch waits for the flush.
   */
  @IsIn(['on', 'off']) PROJECTOR_SYNCHRONOUS_COMMIT: 'on' | 'off' = 'off';
  /** Longest wait for new events when no notification arrives. */
  @IsInt() @Min(10) @Max(60_000) PROJECTOR_POLL_INTERVAL_MS: number = 1000;
  /** Wait before a failed batch is tried again. */
  @IsInt() @Min(10) @Max(600_000) PROJECTOR_RETRY_DELAY_MS: number = 1000;
  /**
   * An event a projection cannot apply goes to `read_models.dead_letters`; then `skip`: the
   * projection continues after it, `stop`: the projection stops before it (the others continue).
   */
  @IsIn(['skip', 'stop']) PROJECTOR_ON_ERROR: ProjectionErrorPolicy = 'skip';
  /** Events read and applied per transaction by a side-by-side rebuild of a new projection version. */
  @IsInt() @Min(1) @Max(100_000) PROJECTOR_REBUILD_BATCH_SIZE: number = 5000;
  /**
   * Longest wait for the live tables' lock when a rebuilt version is switched in (readers wait at
   * most this long); past it the switch is tried again after catching up.
   */
  @IsInt() @Min(10) @Max(60_000) PROJECTOR_SWITCH_LOCK_TIMEOUT_MS: number = 2000;
  /**
   * Hours a retired projection version (schema retired_<name>_v<N>) is kept after the switch; the
   * projector drops older ones at start-up and after each switch. 0: kept until dropped by hand
   * (apps/projector/src/projection-versions.ts: `drop <projection> [version]`).
   */
  @IsInt() @Min(0) @Max(100_000) PROJECTOR_RETIRED_RETENTION_HOURS: number = 0;
  /** Port of the projector's `/health/live`, `/health/ready` and `/metrics` (0: no HTTP server). */
  @IsInt() @Min(0) @Max(65535) PROJECTOR_HTTP_PORT: number = 3002;
  /** Interface the projector's HTTP server listens on. */
  @IsString() HOST: string = '127.0.0.1';
  /** Lowest level written to the JSON log (stdout). */
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  /** Longest wait for one dependency in a readiness check. */
  @IsInt() @Min(50) @Max(60_000) HEALTH_CHECK_TIMEOUT_MS: number = 2000;
  /** `esdb://…`: follow EventStoreDB's $all instead of the PostgreSQL event store. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  /** Comma-separated Kafka bootstrap servers; when set the projector consumes the Kafka topic. */
  @IsOptional() @IsString() KAFKA_BROKERS?: string;
  @IsString() KAFKA_TOPIC: string = 'crm.events';
  /** Partitions of the topic when it is created (the most projector instances that share work). */
  @IsInt() @Min(1) @Max(1000) KAFKA_PARTITIONS: number = 6;
  @IsString() KAFKA_GROUP_ID: string = 'crm-projector';
}

/** The projection engine's options from the configuration (direct and Kafka mode alike). */
export const engineOptions = (config: ProjectorConfig): ProjectionEngineOptions => ({
  onError: config.PROJECTOR_ON_ERROR,
  parallelism: config.PROJECTOR_PARALLELISM,
  synchronousCommit: config.PROJECTOR_SYNCHRONOUS_COMMIT === 'on',
});
