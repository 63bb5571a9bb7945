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

/** Catches everything: known errors become 4xx with detail, the rest a logged 500 without detail. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(private readonly mappers: ErrorMapper[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      if (exception instanceof Error) this.logger.error(exception.message, exception.stack);
      else this.logger.error(exception);
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'errors' in response) {
        return response as ErrorBody;
      }
      const message =
        typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, error: reason(status), message };
    }
    for (const map of this.mappers) {
      const body = map(exception);
      if (body) return body;
    }
    const fastify = fromFastify(exception);
    if (fastify) return fastify;
    return { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred' };
  }
}
