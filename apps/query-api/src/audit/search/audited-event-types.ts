import type { CustomerEvent } from '@crm/events';

/** Every customer event type; a new one that is not listed here fails to compile. */
const TYPES: Record<CustomerEvent['type'], true> = {
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

/** The event types the interaction index holds (one row per customer event), i.e. what `type` may name. */
export const AUDITED_EVENT_TYPES = Object.keys(TYPES) as Array<CustomerEvent['type']>;
