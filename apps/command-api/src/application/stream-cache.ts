import type { RecordedEvent } from '@crm/events';

/** A stream as a command decides on it: its events and the state folded from them. */
export interface LoadedStream<S> {
  history: readonly RecordedEvent[];
  state: S;
}

interface Entry {
  /** The fold the state was made with (a stream is read by one decider; another starts afresh). */
  fold: object;
  stream: LoadedStream<unknown>;
}

/**
 * Streams this process decided on lately, folded, so that the next command on one reads only the
 * events appended after it. Never trusted alone: the handler reads the stream from the cached
 * version on (another process or the importer may have appended), and an append expects the
 * version the decision saw, so a stale entry costs a conflict and a retry, never a wrong decision.
 * Least recently used streams go first; the bound is on events held, since histories differ in
 * length (0 turns the cache off).
 */
export class StreamCache {
  private readonly entries = new Map<string, Entry>();
  private events = 0;

  constructor(private readonly maxEvents: number) {}

  get<S>(streamId: string, fold: object): LoadedStream<S> | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.fold !== fold) return undefined;
    // Most recently used last.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry.stream as LoadedStream<S>;
  }

  set<S>(streamId: string, fold: object, stream: LoadedStream<S>): void {
    this.delete(streamId);
    if (stream.history.length > this.maxEvents) return;
    this.entries.set(streamId, { fold, stream });
    this.events += stream.history.length;
    for (const [oldest, entry] of this.entries) {
      if (this.events <= this.maxEvents) break;
      this.entries.delete(oldest);
      this.events -= entry.stream.history.length;
    }
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    this.entries.delete(streamId);
    this.events -= entry.stream.history.length;
  }

  /** Streams and events held (for tests and metrics). */
  get size(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.events };
  }
}
