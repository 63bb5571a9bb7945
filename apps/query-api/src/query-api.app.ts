import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import {
  configureHttpApp,
  ensureDatabase,
  newFastifyAdapter,
  runMigrations,
  validateEnv,
} from '@crm/platform';
import { READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { QueryApiConfig } from './config/query-api.config';
import { QueryApiModule } from './query-api.module';

/** Builds the query API (database prepared, not yet listening). */
export async function createQueryApi(
  overrides: Record<string, unknown> = {},
  options: { logger?: false } = {},
): Promise<NestFastifyApplication> {
  const config = validateEnv(QueryApiConfig)({ ...process.env, ...overrides });
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, READ_MODEL_MIGRATIONS);
  const app = await NestFactory.create<NestFastifyApplication>(
    QueryApiModule.register(overrides),
    newFastifyAdapter(config.BODY_LIMIT_BYTES),
    { logger: options.logger ?? ['log', 'error', 'warn'] },
  );
  configureHttpApp(app, {
    title: 'CRM query API',
    description: 'Read models built from the event log: customers, reps and quota attainment.',
    bodyLimit: config.BODY_LIMIT_BYTES,
  });
  return app;
}

export const queryApiListenOptions = (app: NestFastifyApplication) => {
  const config = app.get(ConfigService<QueryApiConfig, true>);
  return { port: config.get('QUERY_API_PORT', { infer: true }), host: config.get('HOST', { infer: true }) };
};
