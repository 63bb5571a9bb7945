import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ClientBase } from 'pg';
import { copyIn, copyText } from '../support/copy-in';
import { progressReporter } from '../support/progress';
import { CrmDataset, type DatasetSpec, type GeneratedCustomer, type GeneratedEvent } from './crm-dataset';

/** The event_store.events columns a dataset row fills (the rest have defaults). */
export const EVENT_COLUMNS =
  'stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at';

/** One event as a line of COPY text. */
export const eventLine = (e: GeneratedEvent): string =>
  [
    copyText(e.streamId),
    e.streamVersion,
    e.metadata.eventId,
    copyText(e.type),
    e.metadata.schemaVersion,
    copyText(JSON.stringify(e.data)),
    copyText(JSON.stringify(e.metadata)),
    e.metadata.occurredAt,
    e.metadata.recordedAt,
  ].join('\t') + '\n';

export interface DatasetFile {
  path: string;
  events: number;
  bytes: number;
  generateMs: number;
  customers: GeneratedCustomer[];
  repIds: string[];
}

/** Generates a dataset into a COPY-text file (so that every COPY of it reads the same bytes). */
export async function writeDatasetFile(spec: DatasetSpec, path: string, label: string): Promise<DatasetFile> {
  const started = Date.now();
  const dataset = new CrmDataset(spec);
  const out = createWriteStream(path);
  const report = progressReporter(`generating ${label}`, spec.events);
  let bytes = 0;
  for (const batch of dataset.batches()) {
    const text = batch.map(eventLine).join('');
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
    report(dataset.count);
  }
  out.end();
  await once(out, 'finish');
  return {
    path,
    events: dataset.count,
    bytes,
    generateMs: Date.now() - started,
    customers: dataset.generatedCustomers(),
    repIds: dataset.repIds,
  };
}

/** The file's bytes in chunks; with `limit`, only its first `limit` lines. */
export async function* datasetChunks(path: string, limit?: number): AsyncGenerator<Buffer> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (limit === undefined) {
      yield chunk;
      continue;
    }
    let cut = -1;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 10 && ++lines === limit) {
        cut = i + 1;
        break;
      }
    }
    if (cut >= 0) {
      yield chunk.subarray(0, cut);
      return;
    }
    yield chunk;
  }
}

/** COPYs a dataset file (or its first `limit` lines) into a table with the event columns. */
export const copyDataset = (
  client: ClientBase,
  table: string,
  path: string,
  limit?: number,
): Promise<number> =>
  copyIn(client, `COPY ${table} (${EVENT_COLUMNS}) FROM STDIN`, datasetChunks(path, limit));
