/** The schema of the live value read model. */
export const LIVE_VALUE_SCHEMA = 'read_models';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The schema a value read model lives in: `read_models` for the live one, another (a what-if
 * run's shadow, e.g. `whatif_7`) for a replay under a candidate policy. The name is written into
 * SQL, so only plain lower-case identifiers are accepted.
 */
export const valueSchema = (name: string = LIVE_VALUE_SCHEMA): string => {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain schema name: ${JSON.stringify(name)}`);
  return name;
};
