import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpErrorFilter, type ErrorMapper } from './http-exception.filter';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  errorMappers?: ErrorMapper[];
  logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/** Applies what both APIs share: validation, error format, OpenAPI at /docs, shutdown hooks. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(options.errorMappers));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export const newFastifyAdapter = (bodyLimit: number): FastifyAdapter => new FastifyAdapter({ bodyLimit });

/** Creates a NestJS application on Fastify with the shared configuration. */
export async function createHttpApp(
  module: Type<unknown>,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, newFastifyAdapter(options.bodyLimit), {
    logger: options.logger ?? ['log', 'error', 'warn'],
  });
  configureHttpApp(app, options);
  return app;
}
