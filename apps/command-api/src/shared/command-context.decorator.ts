import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { commandHeadersOf } from '@crm/platform';
import type { CommandContext } from '../application/command-context';

/**
 * The command's context from its headers: `Idempotency-Key` becomes the command id (a new one when
 * absent), `X-Correlation-Id` / `X-Causation-Id` link it to others. The actor is the verified token's
 * subject and role (the AuthGuard ran before): no header or body field can name another.
 */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const { principal, ...ids } = commandHeadersOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  return { ...ids, actor: { userId: principal.userId, role: principal.role }, principal };
});
