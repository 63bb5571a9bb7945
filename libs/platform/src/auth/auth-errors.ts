import { ForbiddenException, UnauthorizedException } from '@nestjs/common';

/** 401: who is asking is unknown (no token, or one that does not verify). */
export const unauthorized = (code: string, message: string): UnauthorizedException =>
  new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, code });

/** 403: who is asking is known, and may not do this. Nothing was changed. */
export const forbidden = (code: string, message: string): ForbiddenException =>
  new ForbiddenException({ statusCode: 403, error: 'Forbidden', message, code });
