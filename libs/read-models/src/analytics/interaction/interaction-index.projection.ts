import type { CustomerEvent } from '@crm/events';
import type { LogEvent } from '@crm/event-store';
import { LIVE_SCHEMA, sqlSchema, type Projection, type SqlExecutor } from '../../projection/projection';
import { interactionSummary } from './interaction-summary';

/** Every event about a customer; a new customer event type that is not listed fails to compile. */
const CUSTOMER_EVENT_TYPES: Record<CustomerEvent['type'], true> = {
  CustomerRegistered: true,
  CustomerProfileUpdated: true,
  CustomerOwnerAssigned: true,
  ContactPersonAdded: true,
  VisitLogged: true,
  CompetitorFeedbackRecorded: true,
  OpportunityOpened: true,
  OpportunityWon: true,
  OpportunityLost: true,
  OrderRecorded: true,
  OrderCancelled: true,
  PaymentReceived: true,
};

/**
 * Interaction index for the audit search: one row per customer event, in log order, with who did
 * it (actor), when (business and recorded time), why (command, correlation and causation ids) and a
 * one-line summary. Rows are only ever inserted (a trigger refuses updates and deletes).
 */
export const createInteractionIndexProjection = (schema: string = LIVE_SCHEMA): Projection => {
  const s = sqlSchema(schema);
  return {
    name: 'interaction-index',
    version: 1,
    // Replay profile, 1,000-event batches: about 44 ms against 16–27 ms for most others.
    weight: 2,
    storage: { tables: ['interaction_index'] },
    inSchema: (other: string) => createInteractionIndexProjection(other),
    handles: new Set(Object.keys(CUSTOMER_EVENT_TYPES)),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      const customerEvent = { type: event.type, data: event.data } as CustomerEvent;
      const m = event.metadata;
      await db.query(
        `INSERT INTO ${s}.interaction_index
           (global_position, customer_id, stream_version, event_type, event_id, actor_user_id, actor_role,
            occurred_at, recorded_at, command_id, correlation_id, causation_id, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (global_position) DO NOTHING`,
        [
          event.globalPosition,
          customerEvent.data.customerId,
          event.streamVersion,
          event.type,
          m.eventId,
          m.actor.userId,
          m.actor.role,
          m.occurredAt,
          m.recordedAt,
          m.commandId,
          m.correlationId,
          m.causationId,
          interactionSummary(customerEvent),
        ],
      );
    },
    /** One multi-row insert; a position seen twice keeps its first event, as row-by-row inserts do. */
    async applyBatch(events: LogEvent[], db: SqlExecutor): Promise<void> {
      const seen = new Set<string>();
      const rows = events.filter((e) => !seen.has(e.globalPosition) && seen.add(e.globalPosition));
      const column = <T>(value: (event: LogEvent) => T): T[] => rows.map(value);
      await db.query(
        `INSERT INTO ${s}.interaction_index
           (global_position, customer_id, stream_version, event_type, event_id, actor_user_id, actor_role,
            occurred_at, recorded_at, command_id, correlation_id, causation_id, summary)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[],
                              $12::text[], $13::text[])
         ON CONFLICT (global_position) DO NOTHING`,
        [
          column((e) => e.globalPosition),
          column((e) => (e.data as CustomerEvent['data']).customerId),
          column((e) => e.streamVersion),
          column((e) => e.type),
          column((e) => e.metadata.eventId),
          column((e) => e.metadata.actor.userId),
          column((e) => e.metadata.actor.role),
          column((e) => e.metadata.occurredAt),
          column((e) => e.metadata.recordedAt),
          column((e) => e.metadata.commandId),
          column((e) => e.metadata.correlationId),
          column((e) => e.metadata.causationId),
          column((e) => interactionSummary({ type: e.type, data: e.data } as CustomerEvent)),
        ],
      );
    },
  };
};

/** The live projection (schema read_models). */
export const interactionIndexProjection: Projection = createInteractionIndexProjection();
