import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@crm/events';
import { principalOf } from '@crm/platform';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Who asks (the verified token) and the command's identity, as the command API reads them. */
export interface WhatIfCommandContext {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const refuse = (field: string, message: string): never => {
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'The request is invalid',
    errors: [{ field, message }],
  });
};

/**
 * The context of a what-if action from its headers, as for commands: `Idempotency-Key` (the id
 * of the policy command a promote or rollback appends; a new one when absent),
 * `X-Correlation-Id`, `X-Causation-Id`; the actor is the token's subject and role (admins only:
 * the controller says `@Roles('admin')`).
 */
export const WhatIfCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): WhatIfCommandContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const commandId = header(request, 'idempotency-key') ?? randomUUID();
  const correlationId = header(request, 'x-correlation-id') ?? commandId;
  const causationId = header(request, 'x-causation-id') ?? correlationId;
  for (const [name, value] of [
    ['Idempotency-Key', commandId],
    ['X-Correlation-Id', correlationId],
    ['X-Causation-Id', causationId],
  ] as const) {
    if (!KEY_PATTERN.test(value)) refuse(name, 'must be 1–128 printable ASCII characters');
  }
  const principal = principalOf(request);
  return {
    commandId,
    correlationId,
    causationId,
    actor: { userId: principal.userId, role: principal.role },
  };
});
