import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from './auth-errors';
import { ALLOWED_ROLES, IS_PUBLIC } from './auth.decorators';
import { attachPrincipal, type UserRole } from './principal';
import { bearerToken, TokenRejectedError, type TokenVerifier } from './token-verifier';

/** RFC 6750 §3: the challenge a 401 carries. */
const challenge = (error: TokenRejectedError): string =>
  error.problem === 'TOKEN_MISSING'
    ? 'Bearer'
    : `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`;

/**
 * Registered globally: every route needs a verified bearer token unless marked `@Public()`. The
 * principal is attached to the request; `@Roles(...)` then narrows who may call (403 otherwise).
 * 401 answers say `WWW-Authenticate: Bearer`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    let principal;
    try {
      principal = await this.verify(bearerToken(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      void http.getResponse<FastifyReply>().header('WWW-Authenticate', challenge(error));
      throw unauthorized(error.problem, error.message);
    }
    attachPrincipal(request, principal);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden(
        'FORBIDDEN',
        `This needs the role ${roles.join(' or ')}; the token has ${principal.role}`,
      );
    }
    return true;
  }
}
