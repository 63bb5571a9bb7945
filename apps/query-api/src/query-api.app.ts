import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import {
  AuthConfig,
  createHttpApp,
  resolveAuthSettings,
  validateEnv,
  type CreateApiOptions,
} from '@crm/platform';
import { KAFKA_TRANSPORT_MIGRATIONS } from '@crm/kafka-transport';
import { READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { QueryApiConfig } from './config/query-api.config';
import { QueryApiModule } from './query-api.module';

/** Builds the query-api (database prepared, not yet listening). */
export async function createQueryApi(
  overrides: Record<string, unknown> = {},
  options: CreateApiOptions = {},
): Promise<NestFastifyApplication> {
  const config = validateEnv(QueryApiConfig)({ ...process.env, ...overrides });
  return createHttpApp(
    {
      app: 'query-api',
      module: QueryApiModule.register(overrides),
      databaseUrl: config.DATABASE_URL,
      // Kafka mode: read-your-writes reads the relay's marks and the consumer offsets.
      migrations: config.KAFKA_BROKERS
        ? [...READ_MODEL_MIGRATIONS, ...KAFKA_TRANSPORT_MIGRATIONS]
        : READ_MODEL_MIGRATIONS,
      logLevel: config.LOG_LEVEL,
      auth: resolveAuthSettings(validateEnv(AuthConfig)({ ...process.env, ...overrides })),
      title: 'CRM query API',
      description:
        'Read models built from the event log: customers, value and segmentation, analytics, ' +
        'rep scorecards, the audit trail and what-if replays of segmentation policies.',
      bodyLimit: config.BODY_LIMIT_BYTES,
      requestMetrics: {
        name: 'crm_query_duration_seconds',
        help: 'Query requests: time to answer, by query (controller method), route and HTTP status',
        handlerLabel: 'query',
      },
    },
    options,
  );
}

export const queryApiListenOptions = (app: NestFastifyApplication) => {
  const config = app.get(ConfigService<QueryApiConfig, true>);
  return { port: config.get('QUERY_API_PORT', { infer: true }), host: config.get('HOST', { infer: true }) };
};
