import type {
  AppendResult,
  EventToAppend,
  ExpectedVersion,
  StreamAppend,
  StreamAppendResult,
} from '../port/event-store';
import { ConcurrencyError, PartiallyAppendedError } from '../port/errors';
import type { EsdbRecordedEvent } from './esdb-client';
import { toAppendResult } from './esdb-event-mapping';
import type { EsdbStreamReader } from './esdb-stream-reader';

const checkShape = (batch: StreamAppend[]): void => {
  const seen = new Set<string>();
  for (const entry of batch) {
    if (entry.events.length === 0) throw new Error(`appendMany: stream ${entry.streamId} has no events`);
    if (seen.has(entry.streamId)) throw new Error(`appendMany: stream ${entry.streamId} appears twice`);
    seen.add(entry.streamId);
  }
};

const matches = (expected: ExpectedVersion, actual: number | 'no_stream'): boolean =>
  expected === 'any' || expected === actual;

/** How one stream of a batch stands before anything is written. */
type Plan =
  | { kind: 'stored'; result: StreamAppendResult }
  | { kind: 'write'; entry: StreamAppend }
  | { kind: 'partial'; error: PartiallyAppendedError }
  | { kind: 'stale'; error: ConcurrencyError };

export type AppendOne = (
  streamId: string,
  events: EventToAppend[],
  expectedVersion: ExpectedVersion,
) => Promise<AppendResult>;

/**
 * `appendMany` on EventStoreDB, which has no transaction across streams. Every stream is checked
 * first (stored already, partly stored, stale expected version) and the batch is refused before
 * anything is written if one fails; then the streams are appended ONE AFTER THE OTHER, in batch
 * order, each with its expected revision checked again by the server.
 *
 * NOT ATOMIC ACROSS STREAMS: a writer that changes a stream of the batch between the check and
 * that stream's append makes it fail with a ConcurrencyError while the streams before it stay
 * appended; so does a lost connection or a crash midway. Sending the same batch again never
 * appends those twice: they answer `alreadyAppended` (their event ids are found) and the rest is
 * appended, or refused again if it is stale. Callers that need all-or-nothing use the PostgreSQL
 * adapter (`capabilities.atomicMultiStreamAppend` tells them apart).
 */
export async function appendBatchSequentially(
  reader: EsdbStreamReader,
  scanLimit: number,
  appendOne: AppendOne,
  batch: StreamAppend[],
): Promise<StreamAppendResult[]> {
  checkShape(batch);
  if (batch.length === 0) return [];
  const plans = await Promise.all(batch.map((entry) => plan(reader, scanLimit, entry)));
  for (const p of plans) if (p.kind === 'partial') throw p.error;
  for (const p of plans) if (p.kind === 'stale') throw p.error;
  const results: StreamAppendResult[] = [];
  for (const p of plans) {
    if (p.kind === 'stored') {
      results.push(p.result);
    } else if (p.kind === 'write') {
      const { streamId, events, expectedVersion } = p.entry;
      results.push({ streamId, ...(await appendOne(streamId, events, expectedVersion)) });
    }
  }
  return results;
}

async function plan(reader: EsdbStreamReader, scanLimit: number, entry: StreamAppend): Promise<Plan> {
  const { current, newestFirst } = await reader.tail(entry.streamId, scanLimit);
  const ids = new Set(entry.events.map((e) => e.metadata.eventId));
  const stored = newestFirst.filter((e) => ids.has(e.id));
  if (stored.length === entry.events.length) {
    // newest first: the first found is the stream's last event of the entry
    const last: EsdbRecordedEvent = stored[0]!;
    return { kind: 'stored', result: { streamId: entry.streamId, ...toAppendResult(last, true) } };
  }
  if (stored.length > 0) {
    return {
      kind: 'partial',
      error: new PartiallyAppendedError(
        entry.streamId,
        stored.map((e) => e.id),
      ),
    };
  }
  if (!matches(entry.expectedVersion, current)) {
    return { kind: 'stale', error: new ConcurrencyError(entry.streamId, entry.expectedVersion, current) };
  }
  return { kind: 'write', entry };
}
