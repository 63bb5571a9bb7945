import { errors, importSPKI, jwtVerify, type JWTVerifyOptions } from 'jose';
import { LRUCache } from 'lru-cache';
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

/** A token that passed verification: its principal, and until when it stays valid. */
export interface VerifiedToken {
  principal: Principal;
  /** `exp` in epoch milliseconds. */
  expiresAtMs: number;
}

/** Tokens kept verified by default: clients send the same token with every request until it expires. */
export const DEFAULT_VERIFIED_TOKEN_CACHE = 10_000;

/**
 * Keeps up to `max` verified tokens (least recently used dropped first), so that a token's signature
 * is checked once, not with every request (an HMAC or RSA check through WebCrypto was about a tenth
 * of the query API's CPU time under load). A kept token is served only before its `exp`; after it,
 * it is verified again (and refused as expired). Only tokens that passed are kept: a refused token
 * is checked again each time. `max` 0: every request is verified.
 */
export function keepVerifiedTokens(
  verify: (token: string) => Promise<VerifiedToken>,
  max: number,
): (token: string) => Promise<Principal> {
  if (max <= 0) return async (token) => (await verify(token)).principal;
  const kept = new LRUCache<string, VerifiedToken>({ max });
  return async (token) => {
    const hit = kept.get(token);
    if (hit && Date.now() < hit.expiresAtMs) return hit.principal;
    if (hit) kept.delete(token);
    const verified = await verify(token);
    kept.set(token, verified);
    return verified.principal;
  };
}

/**
 * The verifier the settings describe, through jose: one algorithm only (HS256 with the secret or
 * RS256 with the public key), so a token signed with another algorithm, or `none`, is refused;
 * `exp` is required; `iss`/`aud` are checked when configured. Verified tokens are kept until their
 * `exp` (see keepVerifiedTokens; `cacheSize` 0 turns that off).
 */
export async function createTokenVerifier(
  settings: AuthSettings,
  cacheSize: number = DEFAULT_VERIFIED_TOKEN_CACHE,
): Promise<TokenVerifier> {
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
  const verify = keepVerifiedTokens(async (token) => {
    const { payload } = await jwtVerify(token, key, options);
    const principal = principalFromClaims(payload as Record<string, unknown>);
    // Shared by every request with this token while it is kept: frozen, so none can change it.
    if (principal.regions) Object.freeze(principal.regions);
    return {
      principal: Object.freeze(principal),
      // jose requires `exp` (requiredClaims) and refuses a token past it.
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  }, cacheSize);
  return async (token) => {
    if (token === null) throw new TokenRejectedError('TOKEN_MISSING', 'A bearer token is required');
    try {
      return await verify(token);
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
