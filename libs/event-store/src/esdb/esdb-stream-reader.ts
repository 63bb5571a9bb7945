import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type Position,
  type ReadRevision,
} from '@eventstore/db-client';
import type { EsdbClient, EsdbRecordedEvent, EsdbResolvedEvent } from './esdb-client';
import { commandIdOf, isBusinessEvent } from './esdb-event-mapping';
import { compareEsdbPositionValues } from './esdb-position';

const collect = async (read: AsyncIterable<EsdbResolvedEvent>): Promise<EsdbRecordedEvent[]> => {
  const events: EsdbRecordedEvent[] = [];
  for await (const resolved of read) if (resolved.event) events.push(resolved.event);
  return events;
};

/** What a backward look at a stream's end found. */
export interface StreamTail {
  /** Revision of the stream's last event (any event, business or not), or 'no_stream'. */
  current: number | 'no_stream';
  /** The events of the tail, newest first. */
  newestFirst: EsdbRecordedEvent[];
}

/** Reads of streams and of `$all`, with a stream that has no events read as empty. */
export class EsdbStreamReader {
  constructor(private readonly client: EsdbClient) {}

  async forwards(streamId: string, fromRevision: bigint, maxCount?: number): Promise<EsdbRecordedEvent[]> {
    return this.read(streamId, { fromRevision, direction: FORWARDS, maxCount });
  }

  /** The last `limit` events of a stream, newest first, and the stream's current revision. */
  async tail(streamId: string, limit: number): Promise<StreamTail> {
    const newestFirst = await this.read(streamId, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: limit,
    });
    const last = newestFirst[0];
    return { current: last ? Number(last.revision) : 'no_stream', newestFirst };
  }

  /** The event at one revision, or null. */
  async at(streamId: string, revision: bigint): Promise<EsdbRecordedEvent | null> {
    const [event] = await this.forwards(streamId, revision, 1);
    return event && event.revision === revision ? event : null;
  }

  /** The last `limit` events of `$all`, newest first, none at or before `origin`. */
  async logTail(limit: number, origin: Position | null): Promise<EsdbRecordedEvent[]> {
    const events = await collect(
      this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: limit }),
    );
    return origin
      ? events.filter((e) => e.position && compareEsdbPositionValues(e.position, origin) > 0)
      : events;
  }

  /**
   * The result of the command whose first event is `first`: the last of the consecutive events of
   * that command in its stream (a command's events are appended together, in one append).
   */
  async lastEventOfCommand(first: EsdbRecordedEvent, limit: number): Promise<EsdbRecordedEvent> {
    const commandId = commandIdOf(first);
    const following = await this.forwards(first.streamId, first.revision, limit);
    let last = first;
    for (const event of following) {
      if (event.revision <= first.revision) continue;
      if (!isBusinessEvent(event) || commandIdOf(event) !== commandId) break;
      last = event;
    }
    return last;
  }

  private async read(
    streamId: string,
    options: { fromRevision: ReadRevision; direction: typeof FORWARDS | typeof BACKWARDS; maxCount?: number },
  ): Promise<EsdbRecordedEvent[]> {
    try {
      return await collect(this.client.readStream(streamId, options));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
