import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { EventStoreSchema1763900000000 } from '@crm/event-store';
import {
  AuthConfig,
  createHttpApp,
  resolveAuthSettings,
  validateEnv,
  type CreateApiOptions,
} from '@crm/platform';
import { CommandApiConfig } from './config/command-api.config';
import { CommandApiModule } from './command-api.module';
import { commandErrorMapper } from './shared/command-error-mapper';

export const COMMAND_API_MIGRATIONS = [EventStoreSchema1763900000000];

/** Builds the command-api (database prepared, not yet listening). */
export async function createCommandApi(
  overrides: Record<string, unknown> = {},
  options: CreateApiOptions = {},
): Promise<NestFastifyApplication> {
  const config = validateEnv(CommandApiConfig)({ ...process.env, ...overrides });
  return createHttpApp(
    {
      app: 'command-api',
      module: CommandApiModule.register(overrides),
      databaseUrl: config.DATABASE_URL,
      migrations: COMMAND_API_MIGRATIONS,
      logLevel: config.LOG_LEVEL,
      auth: resolveAuthSettings(validateEnv(AuthConfig)({ ...process.env, ...overrides })),
      title: 'CRM command API',
      description:
        'Records customer interactions as events: customers, contacts, visits, opportunities, orders, ' +
        'payments, reps, quotas, territories, contact plans and the segmentation policy. A command ' +
        'answers 201 when it appended events and 200 (`changed: false`) when it changed nothing.',
      bodyLimit: config.BODY_LIMIT_BYTES,
      errorMappers: [commandErrorMapper],
      requestMetrics: {
        name: 'crm_command_duration_seconds',
        help: 'Command requests: time to answer, by command (controller method), route and HTTP status',
        handlerLabel: 'command',
      },
    },
    options,
  );
}

export const commandApiListenOptions = (app: NestFastifyApplication) => {
  const config = app.get(ConfigService<CommandApiConfig, true>);
  return { port: config.get('COMMAND_API_PORT', { infer: true }), host: config.get('HOST', { infer: true }) };
};
