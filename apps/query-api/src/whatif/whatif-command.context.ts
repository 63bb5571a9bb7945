import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@crm/events';
import { commandHeadersOf } from '@crm/platform';

/** Who asks (the verified token) and the command's identity, as the command API reads them. */
export interface WhatIfCommandContext {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
}

/**
 * The context of a what-if action from its headers, as for commands: `Idempotency-Key` (the id
 * of the policy command a promote or rollback appends; a new one when absent),
 * `X-Correlation-Id`, `X-Causation-Id`; the actor is the token's subject and role (admins only:
 * the controller says `@Roles('admin')`).
 */
export const WhatIfCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): WhatIfCommandContext => {
  const { principal, ...ids } = commandHeadersOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  return { ...ids, actor: { userId: principal.userId, role: principal.role } };
});
