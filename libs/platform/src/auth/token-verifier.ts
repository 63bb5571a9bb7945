import { errors, importSPKI, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { AuthSettings } from './auth.config';
import { ANONYMOUS_ADMIN, type Principal } from './principal';
import { InvalidClaimsError, principalFromClaims } from './token-claims';

/** Why a bearer token is refused (the 401's `code`). */
export type TokenProblem = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Turns the token of a request (null when absent) into its principal, or throws TokenRejectedError. */
export type TokenVerifier = (token: string | null) => Promise<Principal>;

/**
 * The verifier the settings describe, through jose: one algorithm only (HS256 with the secret or
 * RS256 with the public key), so a token signed with another algorithm, or `none`, is refused;
 * `exp` is required; `iss`/`aud` are checked when configured.
 */
export async function createTokenVerifier(settings: AuthSettings): Promise<TokenVerifier> {
  if (settings.mode === 'disabled') return () => Promise.resolve(ANONYMOUS_ADMIN);
  const key =
    settings.mode === 'hs256'
      ? new TextEncoder().encode(settings.secret)
      : await importSPKI(settings.publicKeyPem, 'RS256');
  const options: JWTVerifyOptions = {
    algorithms: [settings.mode === 'hs256' ? 'HS256' : 'RS256'],
    requiredClaims: ['exp', 'sub'],
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  return async (token) => {
    if (token === null) throw new TokenRejectedError('TOKEN_MISSING', 'A bearer token is required');
    try {
      const { payload } = await jwtVerify(token, key, options);
      return principalFromClaims(payload as Record<string, unknown>);
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new TokenRejectedError('TOKEN_EXPIRED', 'The bearer token has expired');
      }
      if (error instanceof InvalidClaimsError) {
        throw new TokenRejectedError('TOKEN_INVALID', `The bearer token is not valid: ${error.message}`);
      }
      if (error instanceof errors.JOSEError) {
        throw new TokenRejectedError('TOKEN_INVALID', 'The bearer token is not valid');
      }
      throw error;
    }
  };
}

/** The token of an `Authorization: Bearer <token>` header; null when absent or of another scheme. */
export const bearerToken = (authorization: string | string[] | undefined): string | null => {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(value ?? '');
  return match ? match[1]! : null;
};
