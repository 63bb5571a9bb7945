import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';
import { Public } from '../../auth/auth.decorators';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** Longest wait for one dependency before it counts as down. */
  timeoutMs: number;
}

/** Terminus answers a failed check with an HttpException carrying the whole report. */
const asUnavailable = (error: unknown): object | null => {
  const e = error as { getStatus?: () => number; getResponse?: () => unknown };
  if (typeof e?.getStatus !== 'function' || e.getStatus() !== 503) return null;
  const body = e.getResponse?.();
  return typeof body === 'object' && body !== null ? body : null;
};

/**
 * `/health/live`: the process serves HTTP. `/health/ready`: every dependency answered within the
 * timeout (503 with each dependency's status otherwise, and while the app shuts down).
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  private readonly started = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is up' })
  live() {
    return {
      status: 'ok',
      info: { process: { status: 'up', uptimeSeconds: Math.round((Date.now() - this.started) / 1000) } },
    };
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every dependency answered' })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down (see `error`), or the app is stopping',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check(
        this.checks.map(
          (c) => () =>
            this.indicators
              .check(c.name)
              .attempt(({ signal }) => c.check(signal))
              .withTimeout(this.options.timeoutMs),
        ),
      );
    } catch (error) {
      const body = asUnavailable(error);
      if (!body) throw error;
      void reply.status(503);
      return body;
    }
  }
}
