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
 */
export const createAppLogger = ({ app, level = 'info', destination }: AppLoggerOptions): Logger =>
  pino(
    {
      level,
      base: { app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
