import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream, Logger } from 'pino';
import type { MigrationInterface } from 'typeorm';
import type { AuthSettings } from '../auth/auth.config';
import { AuthGuard } from '../auth/auth.guard';
import { createTokenVerifier, type TokenVerifier } from '../auth/token-verifier';
import { ensureDatabase } from '../database/database-admin';
import { runMigrations } from '../database/run-migrations';
import { createAppLogger, type LogLevel } from '../observability/logging/app-logger';
import { correlationIdOf } from '../observability/logging/correlation-id';
import { PinoNestLogger } from '../observability/logging/pino-nest-logger';
import { RequestLogController } from '../observability/logging/request-log-controller';
import { traceRequests } from '../observability/logging/request-tracing';
import { AppMetrics } from '../observability/metrics/app-metrics';
import {
  HandlerNameInterceptor,
  observeRequestDurations,
  type RequestMetricsOptions,
} from '../observability/metrics/request-metrics';
import { drainOnClose } from './drain-on-close';
import { HttpErrorFilter, type ErrorMapper } from './http-exception.filter';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  errorMappers?: ErrorMapper[];
  /** Times requests into the app's `AppMetrics` (needs the ObservabilityModule). */
  requestMetrics?: RequestMetricsOptions;
  /** Verifies bearer tokens: every route not marked `@Public()` needs one (global AuthGuard). */
  tokenVerifier?: TokenVerifier;
}

/**
 * Applies what both APIs share: validation, error format, request timing, OpenAPI at /docs,
 * shutdown hooks (SIGTERM/SIGINT close the app: in-flight requests finish, then connections close).
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  if (options.requestMetrics) {
    observeRequestDurations(
      app.getHttpAdapter().getInstance(),
      app.get(AppMetrics).registry,
      options.requestMetrics,
    );
  }
  if (options.tokenVerifier) app.useGlobalGuards(new AuthGuard(app.get(Reflector), options.tokenVerifier));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(options.errorMappers));
  app.useGlobalInterceptors(new HandlerNameInterceptor());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export interface FastifyAdapterOptions {
  /** Request logs go to this pino logger (none when absent). */
  logger?: Logger | null;
}

/**
 * Fastify with the shared request handling: the body limit, a correlation id per request (request
 * id, echoed in `X-Correlation-Id`) and, given a logger, one JSON log line per request.
 */
export const newFastifyAdapter = (
  bodyLimit: number,
  { logger }: FastifyAdapterOptions = {},
): FastifyAdapter => {
  const adapter = new FastifyAdapter({
    bodyLimit,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => correlationIdOf(request.headers),
    ...(logger ? { loggerInstance: logger, logController: new RequestLogController() } : {}),
  });
  traceRequests(adapter.getInstance());
  drainOnClose(adapter.getInstance());
  return adapter;
};

/** What NestJS logs with: pino when the app logs, nothing otherwise. */
export const nestLoggerFor = (logger: Logger | null | undefined): PinoNestLogger | false =>
  logger ? new PinoNestLogger(logger) : false;

/** What differs between the APIs; everything else `createHttpApp` does the same for both. */
export interface HttpAppSpec extends HttpAppOptions {
  /** Name in every log line. */
  app: string;
  module: DynamicModule;
  databaseUrl: string;
  /** Applied (under an advisory lock) before the app is created. */
  migrations: Array<new () => MigrationInterface>;
  logLevel: LogLevel;
  /** How bearer tokens are verified (AuthConfig resolved); `disabled` logs a loud warning. */
  auth: AuthSettings;
}

/**
 * Builds an API (database prepared, not yet listening): it logs JSON lines (pino) unless
 * `logger: false` (tests), exposes `/health/live`, `/health/ready` and `/metrics` through its
 * module, and drains in-flight requests when closed (SIGTERM).
 */
export async function createHttpApp(
  spec: HttpAppSpec,
  options: CreateApiOptions = {},
): Promise<NestFastifyApplication> {
  await ensureDatabase(spec.databaseUrl);
  await runMigrations(spec.databaseUrl, spec.migrations);
  const logger =
    options.logger === false
      ? null
      : createAppLogger({ app: spec.app, level: spec.logLevel, destination: options.logDestination });
  const app = await NestFactory.create<NestFastifyApplication>(
    spec.module,
    newFastifyAdapter(spec.bodyLimit, { logger }),
    { logger: nestLoggerFor(logger) },
  );
  if (spec.auth.mode === 'disabled') {
    const warning =
      'AUTHENTICATION IS DISABLED (AUTH_DISABLED=true): every request acts as an admin. For local experiments only.';
    if (logger) logger.warn(warning);
    else process.stderr.write(`WARNING: ${spec.app}: ${warning}\n`);
  }
  configureHttpApp(app, { ...spec, tokenVerifier: await createTokenVerifier(spec.auth) });
  return app;
}

/** How an API is built: `logger: false` silences it (tests); `logDestination` captures its log. */
export interface CreateApiOptions {
  logger?: false;
  logDestination?: DestinationStream;
}
