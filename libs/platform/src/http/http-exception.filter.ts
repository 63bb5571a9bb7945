import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { FieldError } from './validation';

/** The one error body both APIs answer with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  errors?: FieldError[];
}

/** Maps an error the application knows about to an HTTP answer; returns null for anything else. */
export type ErrorMapper = (error: unknown) => ErrorBody | null;

const reason = (status: number): string =>
  (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

/** Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode. */
const fromFastify = (error: unknown): ErrorBody | null => {
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.statusCode !== 'number' || typeof e.code !== 'string' || !e.code.startsWith('FST_')) {
    return null;
  }
  return { statusCode: e.statusCode, error: reason(e.statusCode), message: String(e.message), code: e.code };
};

/** NestJS wraps Fastify's client errors in an HttpException; their code (FST_…) is kept for the client. */
const fastifyCodeOf = (cause: unknown): string | undefined => {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
};

const LOST_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server that is down, starting or stopping: class 08 and 57P01–57P03. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const LOST_CONNECTION_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection closed|the database system is (starting up|shutting down)/;

/**
 * Whether the error (or what it wraps: TypeORM's driverError, an AggregateError's errors, a cause)
 * says a store the API depends on cannot be reached: the request may succeed when it is back.
 */
const isDependencyUnavailable = (error: unknown, depth = 0): boolean => {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && (LOST_CONNECTION_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code)))
    return true;
  if (typeof e.message === 'string' && LOST_CONNECTION_MESSAGE.test(e.message)) return true;
  const inner = [e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => isDependencyUnavailable(i, depth + 1));
};

/** Seconds a client should wait before retrying a request refused with 503. */
const RETRY_AFTER_SECONDS = 2;

/** Catches everything: known errors become 4xx with detail, the rest a logged 500 without detail. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(private readonly mappers: ErrorMapper[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (body.statusCode >= 500) {
      // Duck-typed: an error raised by Node's own modules fails `instanceof Error` under Jest's sandbox.
      const error = exception as { message?: unknown; stack?: unknown } | null;
      if (typeof error?.message === 'string' && typeof error.stack === 'string')
        this.logger.error(error.message, error.stack);
      else this.logger.error(exception);
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && ('errors' in response || 'code' in response)) {
        return response as ErrorBody;
      }
      const message =
        typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      const code = fastifyCodeOf(exception.cause);
      return { statusCode: status, error: reason(status), message, ...(code ? { code } : {}) };
    }
    for (const map of this.mappers) {
      const body = map(exception);
      if (body) return body;
    }
    const fastify = fromFastify(exception);
    if (fastify) return fastify;
    if (isDependencyUnavailable(exception)) {
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'A store the API depends on cannot be reached; retry shortly',
        code: 'SERVICE_UNAVAILABLE',
      };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred' };
  }
}
