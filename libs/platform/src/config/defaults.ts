import { embeddedPostgresUrl } from '../database/embedded-postgres';

/** Port of the embedded PostgreSQL that `npm start` runs when no DATABASE_URL is given. */
export const DEFAULT_EMBEDDED_PG_PORT = 54329;

/** Default database: the embedded server's `crm` database. */
export const DEFAULT_DATABASE_URL = embeddedPostgresUrl(DEFAULT_EMBEDDED_PG_PORT, 'crm');
