import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '@crm/platform';
import type { CommandContext } from '../application/command-context';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

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
 * The command's context from its headers: `Idempotency-Key` becomes the command id (a new one when
 * absent), `X-Correlation-Id` / `X-Causation-Id` link it to others. The actor is the verified token's
 * subject and role (the AuthGuard ran before): no header or body field can name another.
 */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !KEY_PATTERN.test(key))
    refuse('Idempotency-Key', 'must be 1–128 printable ASCII characters');
  const commandId = key ?? randomUUID();
  const correlationId = header(request, 'x-correlation-id') ?? commandId;
  const causationId = header(request, 'x-causation-id') ?? correlationId;
  for (const [name, value] of [
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
    principal,
  };
});
