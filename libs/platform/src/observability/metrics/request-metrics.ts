import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Histogram, type Registry } from 'prom-client';
import type { Observable } from 'rxjs';

/** Seconds: from 5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Routes that say how the app is, not what it does: not timed. */
const UNTIMED = /^\/(health|metrics|docs)(\/|$|-)/;

const handlerNames = new WeakMap<object, string>();

/**
 * Remembers which controller method handles a request (`Controller.method`, "Controller" dropped),
 * for the request metrics. Registered globally on each API.
 */
export class HandlerNameInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<object>();
      const controller = context.getClass().name.replace(/Controller$/, '');
      handlerNames.set(request, `${controller}.${context.getHandler().name}`);
    }
    return next.handle();
  }
}

export interface RequestMetricsOptions {
  /** Histogram name, e.g. `crm_command_duration_seconds`. */
  name: string;
  help: string;
  /** Label naming the handler, e.g. `command` or `query`. */
  handlerLabel: string;
}

/**
 * Times every request that is not an operations endpoint, by handler, route pattern and status
 * code (a Fastify `onResponse` hook: the time until the last byte was handed to the socket).
 */
export function observeRequestDurations(
  fastify: FastifyInstance,
  registry: Registry,
  { name, help, handlerLabel }: RequestMetricsOptions,
): Histogram {
  const histogram = new Histogram({
    name,
    help,
    labelNames: [handlerLabel, 'route', 'method', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !UNTIMED.test(route)) {
      histogram.observe(
        {
          [handlerLabel]: handlerNames.get(request) ?? 'none',
          route: route ?? 'unmatched',
          method: request.method,
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });
  return histogram;
}
