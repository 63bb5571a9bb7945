import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { principalOf, type Principal } from '../auth/principal';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** A command's identity and who sends it, as both APIs read them from a request. */
export interface CommandHeaders {
  commandId: string;
  correlationId: string;
  causationId: string;
  /** The verified token's subject (the AuthGuard ran before): no header or body can name another. */
  principal: Principal;
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
 * `Idempotency-Key` becomes the command id (a new one when absent); `X-Correlation-Id` /
 * `X-Causation-Id` link it to others (default: the command id, then the correlation id). Each is
 * 1–128 printable ASCII characters, or the request is refused with 400 naming the header.
 */
export function commandHeadersOf(request: FastifyRequest): CommandHeaders {
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
  return { commandId, correlationId, causationId, principal: principalOf(request) };
}
