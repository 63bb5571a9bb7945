import { IsInt, IsString, Max, Min } from 'class-validator';
import { DEFAULT_DATABASE_URL } from '@crm/platform';

/** query-api configuration: environment variables, validated, each with a working default. */
export class QueryApiConfig {
  /** Secret: PostgreSQL connection string (read models). */
  @IsString() DATABASE_URL: string = DEFAULT_DATABASE_URL;
  @IsInt() @Min(0) @Max(65535) QUERY_API_PORT: number = 3001;
  @IsString() HOST: string = '127.0.0.1';
  @IsInt() @Min(1024) BODY_LIMIT_BYTES: number = 65_536;
}
