import 'reflect-metadata';
import { EXIT_FAILED, runReplayCli } from './cli';

// Ctrl-C stops a replay after its batch in flight (resumable); a second one exits at once.
const interrupted = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nstopping after the batch in flight (Ctrl-C again to quit now)\n');
  interrupted.abort();
  process.once('SIGINT', () => process.exit(130));
});

runReplayCli(process.argv.slice(2), process.env, {
  out: process.stdout,
  err: process.stderr,
  signal: interrupted.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
