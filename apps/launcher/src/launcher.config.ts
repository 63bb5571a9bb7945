import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_EMBEDDED_PG_PORT } from '@crm/platform';
import { SigningConfig } from './signing.config';

/** launcher configuration (the apps validate their own settings, passed through unchanged). */
export class LauncherConfig extends SigningConfig {
  /** Secret: an external PostgreSQL; when unset an embedded server is started. */
  @IsOptional() @IsString() DATABASE_URL?: string;
  @IsInt() @Min(1) @Max(65535) EMBEDDED_PG_PORT: number = DEFAULT_EMBEDDED_PG_PORT;
  /** Data folder of the embedded server (git-ignored). */
  @IsString() EMBEDDED_PG_DATA_DIR: string = '.data/postgres';
  @IsInt() @Min(0) @Max(65535) COMMAND_API_PORT: number = 3000;
  @IsInt() @Min(0) @Max(65535) QUERY_API_PORT: number = 3001;
  @IsString() HOST: string = '127.0.0.1';
  /** Kafka bootstrap servers: when set, the relay runs too and the projector consumes the topic. */
  @IsOptional() @IsString() KAFKA_BROKERS?: string;
  /** Secret (may hold credentials): `esdb://…` selects EventStoreDB; passed to the apps as is. */
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
}
