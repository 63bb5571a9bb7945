import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { EventStoreSchema1763900000000 } from '@crm/event-store';
import {
  configureHttpApp,
  ensureDatabase,
  newFastifyAdapter,
  runMigrations,
  validateEnv,
} from '@crm/platform';
import { CommandApiConfig } from './config/command-api.config';
import { CommandApiModule } from './command-api.module';
import { commandErrorMapper } from './shared/command-error-mapper';

export const COMMAND_API_MIGRATIONS = [EventStoreSchema1763900000000];

/** Builds the command API (database prepared, not yet listening). */
export async function createCommandApi(
  overrides: Record<string, unknown> = {},
  options: { logger?: false } = {},
): Promise<NestFastifyApplication> {
  const config = validateEnv(CommandApiConfig)({ ...process.env, ...overrides });
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, COMMAND_API_MIGRATIONS);
  const app = await NestFactory.create<NestFastifyApplication>(
    CommandApiModule.register(overrides),
    newFastifyAdapter(config.BODY_LIMIT_BYTES),
    { logger: options.logger ?? ['log', 'error', 'warn'] },
  );
  configureHttpApp(app, {
    title: 'CRM command API',
    description:
      'Records customer interactions as events: customers, contacts, visits, opportunities, orders, ' +
      'payments, reps, quotas, territories, contact plans and the segmentation policy. A command ' +
      'answers 201 when it appended events and 200 (`changed: false`) when it changed nothing.',
    bodyLimit: config.BODY_LIMIT_BYTES,
    errorMappers: [commandErrorMapper],
  });
  return app;
}

export const commandApiListenOptions = (app: NestFastifyApplication) => {
  const config = app.get(ConfigService<CommandApiConfig, true>);
  return { port: config.get('COMMAND_API_PORT', { infer: true }), host: config.get('HOST', { infer: true }) };
};
