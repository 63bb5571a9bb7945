import { EventStoreSchema1763900000000 } from '@crm/event-store';
import { ensureDatabase, runMigrations, validateEnv } from '@crm/platform';
import { READ_MODEL_MIGRATIONS } from '@crm/read-models';
import { ProjectorConfig } from './config/projector.config';
import { Projector, type ProjectorLogger } from './projector';

export const PROJECTOR_MIGRATIONS = [EventStoreSchema1763900000000, ...READ_MODEL_MIGRATIONS];

/** Prepares the database and starts a projector following the event store directly. */
export async function startProjector(
  overrides: Record<string, unknown> = {},
  logger: ProjectorLogger = console,
): Promise<Projector> {
  const config = validateEnv(ProjectorConfig)({ ...process.env, ...overrides });
  if (config.KAFKA_BROKERS)
    throw new Error('KAFKA_BROKERS is set, but the Kafka transport is not available yet');
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, PROJECTOR_MIGRATIONS);
  const projector = new Projector(config, logger);
  await projector.start();
  return projector;
}
