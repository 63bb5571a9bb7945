import { importPKCS8, SignJWT } from 'jose';
import { pemFromEnv } from './auth.config';
import type { UserRole } from './principal';

export interface TokenClaims {
  sub: string;
  role: UserRole;
  /** A manager's regions. */
  regions?: string[];
}

/** What signs: the HS256 secret, or an RS256 private key (PKCS#8 PEM). */
export type SigningKey = { secret: string } | { privateKeyPem: string };

export interface MintOptions {
  /** Lifetime: seconds, or a jose time span ("12h", "30m", "7d"). */
  ttl: number | string;
  issuer?: string;
  audience?: string;
}

/** A signed JWT for the claims, through jose (HS256 or RS256 by the key given). */
export async function mintToken(
  claims: TokenClaims,
  key: SigningKey,
  { ttl, issuer, audience }: MintOptions,
): Promise<string> {
  const alg = 'secret' in key ? 'HS256' : 'RS256';
  const signingKey =
    'secret' in key
      ? new TextEncoder().encode(key.secret)
      : await importPKCS8(pemFromEnv(key.privateKeyPem), alg);
  let jwt = new SignJWT({ role: claims.role, ...(claims.regions ? { regions: claims.regions } : {}) })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? `${ttl}s` : ttl);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(signingKey);
}
