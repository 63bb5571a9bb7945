import 'reflect-metadata';
import { createAppLogger } from '@crm/platform';
import { projectorHttpOptions, startProjector } from './projector.app';
import { serveProjectorHttp, type ProjectorHttpServer } from './ops/projector-http-server';

async function main(): Promise<void> {
  const { port, host, logLevel } = projectorHttpOptions();
  const logger = createAppLogger({ app: 'projector', level: logLevel });
  const projector = await startProjector({}, { log: (m) => logger.info(m), error: (m) => logger.error(m) });
  logger.info(
    projector.mode === 'kafka'
      ? 'projector consuming the Kafka topic'
      : 'projector following the event store',
  );
  let http: ProjectorHttpServer | null = null;
  if (port > 0) {
    // The projector's work matters more than its probes: a port that cannot be bound is reported,
    // and the projector goes on without them.
    http = await serveProjectorHttp(projector.monitor, { port, host }).catch((error: unknown) => {
      logger.error({ err: error }, `projector health and metrics could not listen on ${host}:${port}`);
      return null;
    });
    if (http)
      logger.info(
        `projector health and metrics on http://${host}:${http.port} (/health/live, /health/ready, /metrics)`,
      );
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing the current batch`);
    projector
      .stop()
      .then(() => http?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'projector did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  createAppLogger({ app: 'projector' }).fatal({ err: error }, 'projector failed to start');
  process.exit(1);
});
