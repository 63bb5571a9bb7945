import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { currentCorrelationId } from './correlation-id';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * NestJS's logger interface on pino: framework and application log lines become JSON lines of the
 * same stream as the request logs, with Nest's context (`context`) and, inside a request, its
 * `correlationId`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /**
   * Nest passes the context as the last string parameter; `error` may pass a stack before it.
   */
  private write(level: Level, message: unknown, params: unknown[], withStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = params.filter((p) => p !== undefined);
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const correlationId = currentCorrelationId();
    if (correlationId) fields.correlationId = correlationId;
    if (withStack && typeof rest[0] === 'string') fields.stack = rest.shift();
    if (rest.length > 0) fields.params = rest;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
