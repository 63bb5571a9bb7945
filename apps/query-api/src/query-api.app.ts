import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import {
  configureHttpApp,
  createAppLogger,
  ensureDatabase,
  nestLoggerFor,
  newFastifyAdapter,
  runMigrations,
  validateEnv,
  type CreateApiOptions,
} from '@crm/platform';
import { READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { QueryApiConfig } from './config/query-api.config';
import { QueryApiModule } from './query-api.module';

/**
 * Builds the query API (database prepared, not yet listening). It logs JSON lines (pino) unless
 * `logger: false` (tests), exposes `/health/live`, `/health/ready` and `/metrics`, and drains
 * in-flight requests when closed (SIGTERM).
 */
export async function createQueryApi(
  overrides: Record<string, unknown> = {},
  options: CreateApiOptions = {},
): Promise<NestFastifyApplication> {
  const config = validateEnv(QueryApiConfig)({ ...process.env, ...overrides });
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, READ_MODEL_MIGRATIONS);
  const logger =
    options.logger === false
      ? null
      : createAppLogger({ app: 'query-api', level: config.LOG_LEVEL, destination: options.logDestination });
  const app = await NestFactory.create<NestFastifyApplication>(
    QueryApiModule.register(overrides),
    newFastifyAdapter(config.BODY_LIMIT_BYTES, { logger }),
    { logger: nestLoggerFor(logger) },
  );
  configureHttpApp(app, {
    title: 'CRM query API',
    description: 'Read models built from the event log: customers, reps and quota attainment.',
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestMetrics: {
      name: 'crm_query_duration_seconds',
      help: 'Query requests: time to answer, by query (controller method), route and HTTP status',
      handlerLabel: 'query',
    },
  });
  return app;
}

export const queryApiListenOptions = (app: NestFastifyApplication) => {
  const config = app.get(ConfigService<QueryApiConfig, true>);
  return { port: config.get('QUERY_API_PORT', { infer: true }), host: config.get('HOST', { infer: true }) };
};
