import type { EntityManager } from 'typeorm';
import { streams, type RecordedEvent, type SegmentationPolicyChanged } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import type { ExplainEventView } from './dto/customer-explain.view';

interface IndexedEventRow {
  globalPosition: string;
  eventId: string;
  type: string;
  occurredAt: Date;
  actorUserId: string;
  actorRole: string;
  summary: string;
}

const policySummary = (event: RecordedEvent): string => {
  const d = event.data as SegmentationPolicyChanged['data'];
  return `Segmentation policy version ${d.version}${d.reason ? `: ${d.reason}` : ''}`;
};

const fromStore = (event: RecordedEvent, summary: string | null): ExplainEventView => ({
  eventId: event.metadata.eventId,
  globalPosition: event.globalPosition,
  type: event.type,
  occurredAt: new Date(event.metadata.occurredAt).toISOString(),
  actor: event.metadata.actor,
  summary,
});

/**
 * The stored events at some global positions: customer events from the interaction index, policy
 * changes from the policy stream of the event store (a short stream: one event per version).
 * A position found in neither (an index that has not caught up yet) is simply absent.
 */
export class EventRefs {
  private policyEvents: Promise<RecordedEvent[]> | null = null;

  constructor(
    private readonly db: EntityManager,
    private readonly store: EventStore,
  ) {}

  /** Every SegmentationPolicyChanged, read once per instance. */
  policyStream(): Promise<RecordedEvent[]> {
    this.policyEvents ??= this.store.readStream(streams.segmentationPolicy());
    return this.policyEvents;
  }

  async policyEvent(globalPosition: string): Promise<RecordedEvent | null> {
    return (await this.policyStream()).find((e) => e.globalPosition === globalPosition) ?? null;
  }

  async resolve(positions: Array<string | null>): Promise<Map<string, ExplainEventView>> {
    const wanted = [...new Set(positions.filter((p): p is string => p !== null))];
    const found = new Map<string, ExplainEventView>();
    if (wanted.length === 0) return found;
    const rows: IndexedEventRow[] = await this.db.query(
      `SELECT global_position::text AS "globalPosition", event_id AS "eventId", event_type AS "type",
              occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole", summary
       FROM read_models.interaction_index WHERE global_position = ANY($1::bigint[])`,
      [wanted],
    );
    for (const r of rows) {
      found.set(r.globalPosition, {
        eventId: r.eventId,
        globalPosition: r.globalPosition,
        type: r.type,
        occurredAt: new Date(r.occurredAt).toISOString(),
        actor: { userId: r.actorUserId, role: r.actorRole },
        summary: r.summary,
      });
    }
    const rest = wanted.filter((p) => !found.has(p));
    if (rest.length === 0) return found;
    const policyRows: Array<{ p: string }> = await this.db.query(
      `SELECT global_position::text AS p FROM read_models.segmentation_policy WHERE global_position = ANY($1::bigint[])`,
      [rest],
    );
    for (const { p } of policyRows) {
      const event = await this.policyEvent(p);
      if (event) found.set(p, fromStore(event, policySummary(event)));
    }
    return found;
  }

  /** The policy change as an event view, with its version's reason. */
  async policyView(
    globalPosition: string,
  ): Promise<{ view: ExplainEventView; reason: string | null } | null> {
    const event = await this.policyEvent(globalPosition);
    if (!event) return null;
    const d = event.data as SegmentationPolicyChanged['data'];
    return { view: fromStore(event, policySummary(event)), reason: d.reason ?? null };
  }
}
