/**
 * A stream as a command decides on it: the state folded from its events, and what the handler
 * needs of those events (not the events themselves, so that a cached stream costs its state and
 * its command ids, not its whole history).
 */
export interface LoadedStream<S> {
  state: S;
  /** Events folded: the stream's length (versions 0 … events − 1). */
  events: number;
  /** The stream's last event; undefined while it has none. */
  last: { streamVersion: number; globalPosition: string; commandId: string } | undefined;
  /**
   * The commands whose events the stream holds (a repeated command shows here). The handler adds
   * the ids of newer events to a cached set in place.
   */
  commandIds: Set<string>;
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
 * Least recently used streams go first; the bound is on the events the kept streams hold, since
 * a stream keeps one command id per command (0 turns the cache off).
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
    if (stream.events > this.maxEvents) return;
    this.entries.set(streamId, { fold, stream });
    this.events += stream.events;
    for (const [oldest, entry] of this.entries) {
      if (this.events <= this.maxEvents) break;
      this.entries.delete(oldest);
      this.events -= entry.stream.events;
    }
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    this.entries.delete(streamId);
    this.events -= entry.stream.events;
  }

  /** Streams and events held (for tests and metrics). */
  get size(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.events };
  }
}
