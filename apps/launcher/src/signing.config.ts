import { IsOptional, IsString } from 'class-validator';
import type { SigningKey } from '@crm/platform';

/** What the launcher and the token CLI sign development tokens with. */
export class SigningConfig {
  /** Secret: the HS256 secret the APIs verify with. */
  @IsOptional() @IsString() AUTH_JWT_SECRET?: string;
  /** Secret: an RS256 private key (PKCS#8 PEM) whose public key the APIs have (AUTH_JWT_PUBLIC_KEY). */
  @IsOptional() @IsString() AUTH_JWT_PRIVATE_KEY?: string;
  @IsOptional() @IsString() AUTH_JWT_PUBLIC_KEY?: string;
  @IsOptional() @IsString() AUTH_JWT_ISSUER?: string;
  @IsOptional() @IsString() AUTH_JWT_AUDIENCE?: string;
}

/** The private key when given (RS256), else the secret (HS256); null when neither is. */
export const signingKeyOf = (config: SigningConfig): SigningKey | null =>
  config.AUTH_JWT_PRIVATE_KEY
    ? { privateKeyPem: config.AUTH_JWT_PRIVATE_KEY }
    : config.AUTH_JWT_SECRET
      ? { secret: config.AUTH_JWT_SECRET }
      : null;
