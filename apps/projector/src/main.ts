import 'reflect-metadata';
import { startProjector } from './projector.app';

const log = (level: 'info' | 'error', message: string) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, app: 'projector', message })}\n`,
  );

async function main(): Promise<void> {
  const projector = await startProjector({}, { log: (m) => log('info', m), error: (m) => log('error', m) });
  log('info', projector.mode === 'kafka' ? 'projector consuming the Kafka topic' : 'projector following the event store');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: finishing the current batch`);
    projector.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
