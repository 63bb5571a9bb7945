import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Operations endpoints (probes, scrapes) are not logged request by request. */
const QUIET = /^\/(health|metrics)(\/|$|\?)/;

/**
 * Fastify's request logging, one line per request: `request completed` (or `request errored`)
 * with method, URL, route, status and response time (error level for a 5xx); the line carries the correlation id
 * (`correlationId`, the request id). The arrival of a request is logged at debug level only.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({
      requestIdLogLabel: 'correlationId',
      disableRequestLogging: (request: FastifyRequest) => QUIET.test(request.url),
    });
  }

  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ method: request.method, url: request.url }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const fields = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (reply.statusCode >= 500) reply.log.error(fields, 'request completed');
    else reply.log.info(fields, 'request completed');
  }
}
