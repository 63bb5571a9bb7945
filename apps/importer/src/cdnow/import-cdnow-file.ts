import { randomUUID } from 'node:crypto';
import type { EventStore } from '@crm/event-store';
import { BatchImporter } from '../import/batch-importer';
import { importCustomers, type ImportItem, type ImportSummary } from '../import/import-customers';
import type { ImportProgress } from '../import/import-progress';
import { countLines, readLines } from '../import/read-lines';
import { cdnowCustomerImport } from './cdnow-commands';
import type { CdnowLayout } from './cdnow-row';
import { detectFileLayout, readCdnowCustomers } from './cdnow-source';

export interface CdnowImportOptions {
  /** Customers per transaction. */
  batchSize: number;
  progress: ImportProgress;
  /** Links the events of this run (default: a new one per run). */
  correlationId?: string;
}

export type CdnowImportSummary = ImportSummary & { layout: CdnowLayout; correlationId: string };

/** The actor recorded on imported events. */
export const IMPORTER_ACTOR = { userId: 'cdnow-importer', role: 'system' } as const;

/** Imports a CDNOW file (master or sample layout, told from its first line) into the event store. */
export async function importCdnowFile(
  path: string,
  store: EventStore,
  options: CdnowImportOptions,
): Promise<CdnowImportSummary> {
  const { layout, header } = await detectFileLayout(path);
  const correlationId = options.correlationId ?? `import-cdnow-${randomUUID()}`;
  const importer = new BatchImporter(store, { correlationId, actor: IMPORTER_ACTOR });
  async function* items(): AsyncGenerator<ImportItem> {
    for await (const item of readCdnowCustomers(layout, readLines(path))) {
      if (item.kind === 'refused') yield item;
      else
        yield {
          kind: 'customer',
          customer: cdnowCustomerImport(item.sourceId, item.rows),
          rows: item.rows.length,
        };
    }
  }
  const summary = await importCustomers(items(), importer, {
    batchSize: options.batchSize,
    progress: options.progress,
    totalRows: (await countLines(path)) - (header ? 1 : 0),
  });
  return { ...summary, layout, correlationId };
}
