import 'reflect-metadata';
import { startRelay } from './relay.app';

const log = (level: 'info' | 'error', message: string) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, app: 'relay', message })}\n`);

async function main(): Promise<void> {
  const relay = await startRelay({}, { log: (m) => log('info', m), error: (m) => log('error', m) });
  log('info', 'relay publishing the event log to Kafka');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: finishing the current batch`);
    relay.stop().then(
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
