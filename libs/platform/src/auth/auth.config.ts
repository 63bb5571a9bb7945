import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { Transform } from 'class-transformer';

/**
 * How the APIs authenticate requests: environment variables, validated. One of the keys must be
 * set (or AUTH_DISABLED=true for local experiments). Secrets are marked as such.
 */
export class AuthConfig {
  /** Secret: HS256 shared secret (at least 32 characters). */
  @IsOptional() @IsString() AUTH_JWT_SECRET?: string;
  /** RS256 public key (SPKI PEM) that verifies tokens signed elsewhere. */
  @IsOptional() @IsString() AUTH_JWT_PUBLIC_KEY?: string;
  /** When set, a token's `iss` must equal it. */
  @IsOptional() @IsString() AUTH_JWT_ISSUER?: string;
  /** When set, a token's `aud` must contain it. */
  @IsOptional() @IsString() AUTH_JWT_AUDIENCE?: string;
  /** Local experiments only: every request acts as an anonymous admin. */
  @Transform(({ value }: { value: unknown }) => value === true || value === 'true')
  @IsBoolean()
  AUTH_DISABLED: boolean = false;
}

/** What the guard verifies tokens with, resolved from AuthConfig. */
export type AuthSettings =
  | { mode: 'disabled' }
  | { mode: 'hs256'; secret: string; issuer?: string; audience?: string }
  | { mode: 'rs256'; publicKeyPem: string; issuer?: string; audience?: string };

export const MIN_SECRET_LENGTH = 32;

/** PEM keys often arrive through a single-line variable with `\n` escapes. */
export const pemFromEnv = (value: string): string => value.replace(/\\n/g, '\n').trim();

/**
 * The settings the configuration describes; refuses (throws) when it names no key, names both
 * keys, or names a secret too short to resist guessing.
 */
export const resolveAuthSettings = (config: AuthConfig): AuthSettings => {
  const secret = config.AUTH_JWT_SECRET?.trim() || undefined;
  const publicKey = config.AUTH_JWT_PUBLIC_KEY?.trim() || undefined;
  const claims = {
    ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
    ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
  };
  if (config.AUTH_DISABLED) return { mode: 'disabled' };
  if (secret && publicKey) {
    throw new Error(
      'Invalid configuration: set AUTH_JWT_SECRET (HS256) or AUTH_JWT_PUBLIC_KEY (RS256), not both',
    );
  }
  if (secret) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `Invalid configuration: AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`,
      );
    }
    return { mode: 'hs256', secret, ...claims };
  }
  if (publicKey) return { mode: 'rs256', publicKeyPem: pemFromEnv(publicKey), ...claims };
  throw new Error(
    'Invalid configuration: authentication needs AUTH_JWT_SECRET (HS256) or AUTH_JWT_PUBLIC_KEY (RS256); ' +
      'AUTH_DISABLED=true turns it off for local experiments only',
  );
};
