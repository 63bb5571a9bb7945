import { START, excludeSystemEvents, type Position } from '@eventstore/db-client';
import type { LogEvent, SubscribeOptions, Subscription } from '../port/event-store';
import type { EsdbAllSubscription, EsdbClient, EsdbResolvedEvent } from './esdb-client';
import { isBusinessEvent, positionOf, toLogEvent } from './esdb-event-mapping';
import { compareEsdbPositionValues } from './esdb-position';

/**
 * Catch-up, then live, over one EventStoreDB `$all` subscription (the server catches up and then
 * goes live by itself; system events are filtered out on the server). Events are queued as they
 * arrive and handed to `onBatch` in batches of what is queued; while a batch is being handled the
 * queue fills up to `batchSize` and then the subscription is paused (backpressure to the server).
 */
export class EsdbLogSubscription implements Subscription {
  readonly done: Promise<void>;
  private readonly subscription: EsdbAllSubscription;
  private readonly batchSize: number;
  private readonly queue: LogEvent[] = [];
  private lastQueued: Position | null;
  private failure: Error | null = null;
  private stopped = false;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(
    client: EsdbClient,
    private readonly options: SubscribeOptions,
    /** Continue after this position (exclusive); null from the start of `$all`. */
    after: Position | null,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.lastQueued = after;
    this.subscription = client.subscribeToAll(
      { fromPosition: after ?? START, filter: excludeSystemEvents() },
      { highWaterMark: this.batchSize },
    );
    this.subscription.on('data', (resolved) => this.receive(resolved));
    this.subscription.on('error', (error) => this.fail(error));
    this.subscription.on('close', () => this.fail(new Error('EventStoreDB closed the $all subscription')));
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.done.catch(() => undefined);
  }

  private receive(resolved: EsdbResolvedEvent): void {
    const event = resolved.event;
    if (!event || !isBusinessEvent(event) || this.failure) return;
    try {
      const position = positionOf(event);
      // The server starts after `after` already; this guards "exactly once" against a repeat.
      if (this.lastQueued && compareEsdbPositionValues(position, this.lastQueued) <= 0) return;
      this.lastQueued = position;
      this.queue.push(toLogEvent(event));
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (this.queue.length >= this.batchSize && !this.paused) {
      this.paused = true;
      this.subscription.pause();
    }
    this.notify();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        if (this.failure) throw this.failure;
        if (this.queue.length === 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await this.options.onBatch(this.queue.splice(0, this.batchSize));
        if (this.paused && this.queue.length < this.batchSize) {
          this.paused = false;
          this.subscription.resume();
        }
      }
    } finally {
      this.stopped = true;
      await this.subscription.unsubscribe().catch(() => undefined);
    }
  }
}
