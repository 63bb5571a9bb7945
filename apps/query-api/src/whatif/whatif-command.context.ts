import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor, ActorRole } from '@crm/events';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
const ROLES: ActorRole[] = ['rep', 'manager', 'admin', 'system'];

/** Who asks and the command's identity, as the command API reads them from the headers. */
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
 * `X-Correlation-Id`, `X-Causation-Id`, and until authentication exists the actor from
 * `X-Actor-Id` / `X-Actor-Role` (default: anonymous system actor). Once auth exists these
 * endpoints are for admins only.
 */
export const WhatIfCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): WhatIfCommandContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const commandId = header(request, 'idempotency-key') ?? randomUUID();
  const correlationId = header(request, 'x-correlation-id') ?? commandId;
  const causationId = header(request, 'x-causation-id') ?? correlationId;
  const userId = header(request, 'x-actor-id') ?? 'anonymous';
  for (const [name, value] of [
    ['Idempotency-Key', commandId],
    ['X-Correlation-Id', correlationId],
    ['X-Causation-Id', causationId],
    ['X-Actor-Id', userId],
  ] as const) {
    if (!KEY_PATTERN.test(value)) refuse(name, 'must be 1–128 printable ASCII characters');
  }
  const role = (header(request, 'x-actor-role') ?? 'system') as ActorRole;
  if (!ROLES.includes(role)) refuse('X-Actor-Role', `must be one of ${ROLES.join(', ')}`);
  return { commandId, correlationId, causationId, actor: { userId, role } };
});
