import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createEventStore, EventStoreSchema1763900000000 } from '@crm/event-store';
import { DEFAULT_DATABASE_URL, ensureDatabase, runMigrations, validateEnv } from '@crm/platform';
import { importCdnowFile } from './cdnow/import-cdnow-file';
import { ImporterConfig } from './config/importer.config';
import { unreachableDatabaseMessage } from './config/unreachable-database';
import { formatImportReport } from './import/import-report';
import { createImportProgress } from './import/import-progress';

const USAGE = `usage: npm run import -- cdnow <file>

Imports a CDNOW transaction log (CDNOW_master.txt or CDNOW_sample.txt) into the event store
through the customer decider: one customer per source customer, one order per row. Re-running
appends nothing. Refused rows are listed with their line numbers; the exit code is 1 if any row
was refused, 2 if the import could not run.

environment: DATABASE_URL (default: the embedded PostgreSQL of \`npm start\`),
             IMPORT_BATCH_CUSTOMERS (default 500), IMPORT_PROGRESS_INTERVAL_MS (default 5000)`;

export const EXIT_REFUSED_ROWS = 1;
export const EXIT_FAILED = 2;

/** Where the CLI writes: the summary to `out`, progress, refused rows and errors to `err`. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `import cdnow <file>`: prepares the database (migrations), imports, prints the summary. Resolves
 * to the exit code: 0, 1 when rows were refused, 2 when the import could not run.
 */
export async function runImportCli(
  args: string[],
  env: Record<string, string | undefined>,
  { out, err }: CliIo,
): Promise<number> {
  const [source, file, ...rest] = args;
  if (source !== 'cdnow' || !file || rest.length > 0) {
    err.write(`${USAGE}\n`);
    return EXIT_FAILED;
  }
  const config = validateEnv(ImporterConfig)({ ...env });
  // npm runs scripts from the repository root; a relative path means the caller's directory.
  const filePath = path.resolve(config.INIT_CWD ?? process.cwd(), file);
  if (!(await stat(filePath).catch(() => null))?.isFile()) {
    err.write(`no such file: ${filePath}\n`);
    return EXIT_FAILED;
  }
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (error) {
    const message = unreachableDatabaseMessage(error, config.DATABASE_URL, DEFAULT_DATABASE_URL);
    if (!message) throw error;
    err.write(`${message}\n`);
    return EXIT_FAILED;
  }
  await runMigrations(config.DATABASE_URL, [EventStoreSchema1763900000000]);

  const store = createEventStore({
    databaseUrl: config.DATABASE_URL,
    eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
  });
  try {
    const progress = createImportProgress(err, { intervalMs: config.IMPORT_PROGRESS_INTERVAL_MS });
    const summary = await importCdnowFile(filePath, store, {
      batchSize: config.IMPORT_BATCH_CUSTOMERS,
      progress,
    });
    const title = `CDNOW import of ${path.basename(filePath)} (${summary.layout} layout, correlation id ${summary.correlationId})`;
    out.write(`${formatImportReport(title, summary)}\n`);
    if (summary.refused.length > 0) {
      err.write(`${summary.refused.length} row(s) refused (listed above); nothing of them was written\n`);
      return EXIT_REFUSED_ROWS;
    }
    return 0;
  } finally {
    await store.close();
  }
}
