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
  };
};

/** The live projection (schema read_models). */
export const interactionIndexProjection: Projection = createInteractionIndexProjection();
