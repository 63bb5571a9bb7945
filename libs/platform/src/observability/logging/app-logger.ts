import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppLoggerOptions {
  /** Name of the app, on every line (`app`). */
  app: string;
  level?: LogLevel;
  /** Where lines go (default: stdout). Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
}

/**
 * The process's structured logger: one JSON object per line with `time` (ISO-8601), `level` as a
 * word, `app`, `msg`, and whatever the call adds (`correlationId`, `context`, `err`).
 *
 * Lines go to stdout asynchronously (pino's SonicBoom, `sync: false`): a request never waits on
 * the write, nor blocks the event loop when the reader of a pipe falls behind (the launcher, a log
 * shipper). What is pending is flushed when the process exits, including after a fatal error;
 * only a process killed outright (SIGKILL, out of memory) can lose its last lines.
 */
export const createAppLogger = ({ app, level = 'info', destination }: AppLoggerOptions): Logger =>
  pino(
    {
      level,
      base: { app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
