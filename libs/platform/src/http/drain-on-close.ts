import type { FastifyInstance } from 'fastify';

/**
 * Once the server is closing, every response it still sends (the in-flight requests it drains)
 * says `Connection: close`, so that keep-alive connections end with them instead of holding the
 * close open until their idle timeout. New requests are answered 503 by Fastify meanwhile.
 */
export function drainOnClose(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
