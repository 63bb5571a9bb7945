import {
  Controller,
  ForbiddenException,
  Get,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { mintToken } from './mint-token';
import { principalOf } from './principal';
import { createTokenVerifier } from './token-verifier';

const SECRET = 'unit-test-secret-0123456789-abcdefghijkl';

@Controller()
class ExampleController {
  @Get() open(): void {}
  @Public() @Get('health') health(): void {}
  @Roles('admin') @Get('admin') adminOnly(): void {}
}

/** A stand-in for Nest's execution context around one handler (a test double). */
const contextDouble = (handler: keyof ExampleController, authorization?: string) => {
  const headers: Record<string, string> = {};
  const request = { headers: authorization ? { authorization } : {} } as unknown as FastifyRequest;
  const reply = { header: (name: string, value: string) => void (headers[name] = value) };
  const context = {
    getHandler: () => ExampleController.prototype[handler],
    getClass: () => ExampleController,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, headers };
};

describe('AuthGuard', () => {
  let guard: AuthGuard;
  beforeAll(async () => {
    guard = new AuthGuard(new Reflector(), await createTokenVerifier({ mode: 'hs256', secret: SECRET }));
  });
  const bearer = async (role: 'rep' | 'admin') =>
    `Bearer ${await mintToken({ sub: `${role}-7`, role }, { secret: SECRET }, { ttl: '5m' })}`;

  it('lets public routes through without a token', async () => {
    await expect(guard.canActivate(contextDouble('health').context)).resolves.toBe(true);
  });

  it('answers 401 with a Bearer challenge without a token or with a bad one', async () => {
    const none = contextDouble('open');
    await expect(guard.canActivate(none.context)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(none.headers['WWW-Authenticate']).toBe('Bearer');
    const bad = contextDouble('open', 'Bearer a.b.c');
    await expect(guard.canActivate(bad.context)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(bad.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('attaches the principal of a valid token', async () => {
    const { context, request } = contextDouble('open', await bearer('rep'));
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(principalOf(request)).toEqual({ userId: 'rep-7', role: 'rep' });
  });

  it('answers 403 when the role may not call the handler, and lets the allowed role through', async () => {
    await expect(
      guard.canActivate(contextDouble('adminOnly', await bearer('rep')).context),
    ).rejects.toBeInstanceOf(ForbiddenException);
    await expect(guard.canActivate(contextDouble('adminOnly', await bearer('admin')).context)).resolves.toBe(
      true,
    );
  });
});
