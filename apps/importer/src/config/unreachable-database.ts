const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

const codesOf = (error: unknown): string[] => {
  if (typeof error !== 'object' || error === null) return [];
  const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
  const nested = error instanceof AggregateError ? error.errors.flatMap(codesOf) : [];
  return [...own, ...nested];
};

/**
 * A clear message when PostgreSQL cannot be reached at all (null for any other error). Names the
 * host and port only: the connection string is a secret.
 */
export function unreachableDatabaseMessage(
  error: unknown,
  databaseUrl: string,
  defaultUrl: string,
): string | null {
  const code = codesOf(error).find((c) => UNREACHABLE.has(c));
  if (!code) return null;
  const { hostname, port } = new URL(databaseUrl);
  const where = `${hostname}:${port || '5432'}`;
  return databaseUrl === defaultUrl
    ? `No PostgreSQL answers at ${where} (${code}). DATABASE_URL is not set, so the importer uses the ` +
        'embedded server that `npm start` runs: start the system with `npm start` in another terminal ' +
        'and run the import again, or set DATABASE_URL to another PostgreSQL.'
    : `No PostgreSQL answers at ${where} (${code}): check DATABASE_URL.`;
}
