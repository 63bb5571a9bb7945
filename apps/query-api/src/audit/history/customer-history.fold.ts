import type { CustomerEvent, Money, OpportunityStage, RecordedEvent } from '@crm/events';
import { assertNever, customerDecider, type CustomerState } from '@crm/domain';

export interface ContactDetail {
  contactPersonId: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  addedAt: string;
}

export interface OpportunityDetail {
  opportunityId: string;
  title: string;
  expectedAmount: Money;
  stage: OpportunityStage;
  repId: string | null;
  expectedCloseDate: string | null;
  openedAt: string;
}

export interface FoldedEventRef {
  streamVersion: number;
  globalPosition: string;
  type: string;
  occurredAt: string;
}

/**
 * A customer's history folded: the domain's own state (customerDecider.evolve: profile, owner,
 * orders with totals, paid and cancelled, opportunity statuses, visit count) plus the few details
 * the decider does not keep because no rule needs them (contact and opportunity details, dates).
 */
export interface CustomerHistoryState {
  customer: CustomerState;
  registeredAt: string | null;
  ownerAssignedAt: string | null;
  contacts: ReadonlyMap<string, ContactDetail>;
  opportunities: ReadonlyMap<string, OpportunityDetail>;
  orderedAt: ReadonlyMap<string, string>;
  eventCount: number;
  lastEvent: FoldedEventRef | null;
}

export const initialCustomerHistory = (): CustomerHistoryState => ({
  customer: customerDecider.initialState(),
  registeredAt: null,
  ownerAssignedAt: null,
  contacts: new Map(),
  opportunities: new Map(),
  orderedAt: new Map(),
  eventCount: 0,
  lastEvent: null,
});

/** The read-side details of one event; the rest of the state is the decider's. */
const evolveDetails = (state: CustomerHistoryState, event: CustomerEvent): CustomerHistoryState => {
  switch (event.type) {
    case 'CustomerRegistered':
      return { ...state, registeredAt: event.data.registeredAt };
    case 'CustomerOwnerAssigned':
      return { ...state, ownerAssignedAt: event.data.assignedAt };
    case 'ContactPersonAdded': {
      const d = event.data;
      const contact: ContactDetail = {
        contactPersonId: d.contactPersonId,
        name: d.name,
        role: d.role ?? null,
        phone: d.phone ?? null,
        email: d.email ?? null,
        addedAt: d.addedAt,
      };
      return { ...state, contacts: new Map(state.contacts).set(d.contactPersonId, contact) };
    }
    case 'OpportunityOpened': {
      const d = event.data;
      const opportunity: OpportunityDetail = {
        opportunityId: d.opportunityId,
        title: d.title,
        expectedAmount: d.expectedAmount,
        stage: d.stage,
        repId: d.repId ?? null,
        expectedCloseDate: d.expectedCloseDate ?? null,
        openedAt: d.openedAt,
      };
      return { ...state, opportunities: new Map(state.opportunities).set(d.opportunityId, opportunity) };
    }
    case 'OrderRecorded':
      return { ...state, orderedAt: new Map(state.orderedAt).set(event.data.orderId, event.data.orderedAt) };
    case 'CustomerProfileUpdated':
    case 'VisitLogged':
    case 'CompetitorFeedbackRecorded':
    case 'OpportunityWon':
    case 'OpportunityLost':
    case 'OrderCancelled':
    case 'PaymentReceived':
      return state;
    default:
      return assertNever(event);
  }
};

/** The state after one more stored event of the customer's stream. Never mutates `state`. */
export const evolveCustomerHistory = (
  state: CustomerHistoryState,
  event: RecordedEvent,
): CustomerHistoryState => {
  const customerEvent = { type: event.type, data: event.data } as CustomerEvent;
  return {
    ...evolveDetails(state, customerEvent),
    customer: customerDecider.evolve(state.customer, customerEvent),
    eventCount: state.eventCount + 1,
    lastEvent: {
      streamVersion: event.streamVersion,
      globalPosition: event.globalPosition,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
    },
  };
};

/** Folds the events of a customer stream, in stream order, from the initial state. */
export const foldCustomerHistory = (events: readonly RecordedEvent[]): CustomerHistoryState =>
  events.reduce(evolveCustomerHistory, initialCustomerHistory());
