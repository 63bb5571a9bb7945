import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { foldAll, type Decider } from '@crm/domain';
import { SCHEMA_VERSIONS, type CrmEvent, type CrmEventType } from '@crm/events';
import { ConcurrencyError, eventIdFor, type EventStore } from '@crm/event-store';
import type { CommandContext } from './command-context';
import { IdempotencyKeyReusedError, RetriesExhaustedError } from './command-errors';
import type { CommandResult } from './command-result';
import type { StreamAccess } from './stream-access';
import { StreamQueue } from './stream-queue';
import { StreamCache, type LoadedStream } from './stream-cache';
import type { CommandApiConfig } from '../config/command-api.config';
import { EVENT_STORE } from '../shared/tokens';
import { CommandMetrics } from '../observability/command-metrics';

/**
 * Runs a command against one stream: load → fold → decide → append with the version read. A
 * conflict decides again on fresh state, a bounded number of times. A command id seen before
 * returns the first result and appends nothing. A decision without events appends nothing and
 * answers `changed: false` with the stream's current version (such a command leaves no trace,
 * so repeating its Idempotency-Key decides it again). Before anything is appended or replayed, the
 * stream's access rule is asked on the state just folded (403, nothing appended, when it refuses).
 */
@Injectable()
export class CommandHandler {
  private readonly maxRetries: number;
  private readonly queue = new StreamQueue();
  private readonly cache: StreamCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    config: ConfigService<CommandApiConfig, true>,
    @Optional() private readonly metrics?: CommandMetrics,
  ) {
    this.maxRetries = config.get('COMMAND_MAX_RETRIES', { infer: true });
    this.cache = new StreamCache(config.get('COMMAND_STREAM_CACHE_EVENTS', { infer: true }));
  }

  /**
   * `commands`: one command, or several decided one after the other on the state each leaves and
   * appended together (atomically, with one expected version).
   */
  handle<C, E extends CrmEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    commands: C | readonly C[],
    context: CommandContext,
    /** Business time of the facts the command records (ISO-8601). */
    occurredAt: string,
    /** Whether the context's principal may act on the stream as it is. */
    access: StreamAccess<S>,
  ): Promise<CommandResult> {
    const list = (Array.isArray(commands) ? commands : [commands]) as readonly C[];
    return this.queue.run(streamId, () =>
      this.decideAndAppend(decider, streamId, list, context, occurredAt, access),
    );
  }

  /**
   * The stream folded: from the cache plus the events appended since (usually none: one small
   * read), or read whole. Deciders never mutate a state, so a cached one is shared safely.
   */
  private async load<C, E extends CrmEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
  ): Promise<LoadedStream<S>> {
    const cached = this.cache.get<S>(streamId, decider.evolve);
    const from = cached ? cached.events : 0;
    const newer = await this.store.readStream(streamId, from > 0 ? { fromVersion: from } : {});
    if (cached && newer.length === 0) return cached;
    // A cached stream is contiguous from version 0; anything else (a gap, a stream that shrank
    // after a store reset) is read again whole.
    const contiguous = newer.length === 0 || newer[0]!.streamVersion === from;
    if (cached && !contiguous) {
      this.cache.delete(streamId);
      return this.load(decider, streamId);
    }
    const state = foldAll(decider, cached ? cached.state : decider.initialState(), newer as unknown as E[]);
    // Extended in place: ids of events read from the log stay true whatever happens to this load,
    // and the stream's commands run one at a time (StreamQueue), so no decision reads the set
    // meanwhile. Copying it would cost the stream's length on every command.
    const commandIds = cached?.commandIds ?? new Set<string>();
    for (const event of newer) commandIds.add(event.metadata.commandId);
    const last = newer[newer.length - 1];
    const loaded: LoadedStream<S> = {
      state,
      events: from + newer.length,
      last: last
        ? {
            streamVersion: last.streamVersion,
            globalPosition: last.globalPosition,
            commandId: last.metadata.commandId,
          }
        : cached?.last,
      commandIds,
    };
    this.cache.set(streamId, decider.evolve, loaded);
    return loaded;
  }

  private async decideAndAppend<C, E extends CrmEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    commands: readonly C[],
    context: CommandContext,
    occurredAt: string,
    access: StreamAccess<S>,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const { state: loaded, last, commandIds } = await this.load(decider, streamId);
      // A replayed answer tells about the stream too: only to whom may act on it now.
      const denied = access(loaded);
      if (denied) throw denied;
      // A repeat on this stream shows in the stream just read: no look-up before each command.
      if (commandIds.has(context.commandId)) {
        const previous = await this.previousResult(context.commandId, streamId);
        if (previous) return previous;
      }
      const decided: E[] = [];
      let state = loaded;
      for (const command of commands) {
        const events = decider.decide(command, state);
        for (const event of events) state = decider.evolve(state, event);
        decided.push(...events);
      }
      if (decided.length === 0) return this.unchanged(streamId, last);
      const recordedAt = new Date().toISOString();
      const events = decided.map((event, index) => ({
        ...event,
        metadata: {
          eventId: eventIdFor(context.commandId, index),
          commandId: context.commandId,
          correlationId: context.correlationId,
          causationId: context.causationId,
          actor: context.actor,
          occurredAt,
          recordedAt,
          schemaVersion: SCHEMA_VERSIONS[event.type as CrmEventType],
        },
      }));
      try {
        const result = await this.store.appendToStream(streamId, events, {
          expectedVersion: last ? last.streamVersion : 'no_stream',
        });
        if (!result.alreadyAppended) return this.toResult(streamId, result, false);
        // The command's events were there already: appended by a concurrent request, or (the
        // PostgreSQL store's event ids are unique across streams) to another stream.
        const previous = await this.previousResult(context.commandId, streamId);
        return previous ?? this.toResult(streamId, result, true);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        this.metrics?.appendConflict(streamId);
        // Decide again on the stream read whole.
        this.cache.delete(streamId);
        // The same command may have won the race in another request: answer with its result.
        const raced = await this.previousResult(context.commandId, streamId);
        if (raced) return raced;
        if (attempt > this.maxRetries) throw new RetriesExhaustedError(streamId, attempt);
        // Exponential backoff with full jitter, capped, so that competing writers spread out.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 2 ** attempt)));
      }
    }
  }

  /**
   * The first result of a command appended before; a command id used on another stream is
   * refused. Null when the store does not find it (EventStoreDB searches only the end of the
   * stream): the command is then decided again.
   */
  private async previousResult(commandId: string, streamId: string): Promise<CommandResult | null> {
    const previous = await this.store.findAppendedCommand(commandId, streamId);
    if (!previous) return null;
    if (previous.streamId !== streamId) throw new IdempotencyKeyReusedError(commandId);
    return this.toResult(streamId, previous, true);
  }

  /** Whether a stream has any event (used for references to other aggregates). */
  async exists(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId, { toVersion: 0 })).length > 0;
  }

  private toResult(
    streamId: string,
    r: { streamVersion: number; globalPosition: string; logPosition: string },
    replayed: boolean,
  ): CommandResult {
    return {
      streamId,
      streamVersion: r.streamVersion,
      globalPosition: r.globalPosition,
      consistencyToken: r.logPosition,
      replayed,
      changed: true,
    };
  }

  /**
   * Nothing to append: the stream as it is. Its last event was appended by some command, whose
   * result (the last event of that command, so of the stream) carries the log position.
   */
  private async unchanged(streamId: string, last: LoadedStream<unknown>['last']): Promise<CommandResult> {
    const appendedBy = last ? await this.store.findAppendedCommand(last.commandId, streamId) : null;
    const token =
      appendedBy && appendedBy.streamId === streamId && appendedBy.streamVersion === last?.streamVersion
        ? appendedBy.logPosition
        : null;
    return {
      streamId,
      streamVersion: last ? last.streamVersion : -1,
      globalPosition: last ? last.globalPosition : null,
      consistencyToken: token,
      replayed: false,
      changed: false,
    };
  }
}
