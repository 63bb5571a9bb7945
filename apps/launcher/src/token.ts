import { parseArgs } from 'node:util';
import { mintToken, USER_ROLES, validateEnv, type UserRole } from '@crm/platform';
import { SigningConfig, signingKeyOf } from './signing.config';

const USAGE = `usage: npm run token -- --role rep|manager|admin [--sub <id>] [--regions east,west] [--ttl 8h]

Prints a signed bearer token for the APIs. Signs with AUTH_JWT_PRIVATE_KEY (RS256, PKCS#8 PEM)
or AUTH_JWT_SECRET (HS256); AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE are set as claims when given.
A rep's --sub is their rep id; a manager needs --regions.`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
};

/** `npm run token`: mints one token for a role (development and operations). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      regions: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const role = values.role as UserRole | undefined;
  if (!role || !USER_ROLES.includes(role)) fail(`--role must be one of ${USER_ROLES.join(', ')}`);
  const regions = values.regions
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (role === 'manager' && !regions?.length) fail('a manager token needs --regions');
  if (!/^(\d+|\d+\s?[a-z]+)$/i.test(values.ttl!)) fail('--ttl is seconds or a span such as 30m, 8h, 7d');
  const config = validateEnv(SigningConfig)({ ...process.env });
  const key = signingKeyOf(config) ?? fail('set AUTH_JWT_SECRET (HS256) or AUTH_JWT_PRIVATE_KEY (RS256)');
  const token = await mintToken(
    { sub: values.sub ?? `${role}-1`, role: role!, ...(regions?.length ? { regions } : {}) },
    key,
    {
      ttl: /^\d+$/.test(values.ttl!) ? Number(values.ttl) : values.ttl!,
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
    },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
