import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER, runWithCorrelationId } from './correlation-id';

/**
 * Every request has a correlation id (Fastify's request id, see `correlationIdOf`): it is echoed in
 * the `X-Correlation-Id` response header, set as the request's header when the client sent none (so
 * that what the request records, e.g. a command's event metadata, carries the same id), and made
 * the current one for the request's handler code (so that its log lines carry it).
 */
export function traceRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    if (request.headers[CORRELATION_ID_HEADER] === undefined)
      request.headers[CORRELATION_ID_HEADER] = request.id;
    runWithCorrelationId(request.id, done);
  });
  // The body is read between onRequest and the handler, outside the request's async context.
  fastify.addHook('preHandler', (request, _reply, done) => runWithCorrelationId(request.id, done));
}
