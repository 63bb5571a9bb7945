import type { CustomerEvent } from '@crm/events';
import { assertNever } from '../shared/assert-never';
import { sumMoney, ZERO_MONEY } from '../shared/money';
import { compact } from '../shared/validation';
import type { CustomerState, OpportunityStatus, OrderState } from './customer.state';

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type IdSets = 'contactPersonIds' | 'feedbackIds' | 'paymentIds';

/**
 * A state being folded: a shallow copy whose collections are copied the first time an event
 * changes them, then changed in place. Folding a stream thus copies each collection once, not
 * once per event (a customer's orders map was copied for every order: quadratic in its length).
 */
interface Draft {
  state: Writable<CustomerState>;
  copied: Set<IdSets | 'opportunities' | 'orders'>;
}

const idSet = (draft: Draft, key: IdSets): Set<string> => {
  if (!draft.copied.has(key)) {
    draft.state[key] = new Set(draft.state[key]);
    draft.copied.add(key);
  }
  return draft.state[key] as Set<string>;
};

const opportunities = (draft: Draft): Map<string, OpportunityStatus> => {
  if (!draft.copied.has('opportunities')) {
    draft.state.opportunities = new Map(draft.state.opportunities);
    draft.copied.add('opportunities');
  }
  return draft.state.opportunities as Map<string, OpportunityStatus>;
};

const orders = (draft: Draft): Map<string, OrderState> => {
  if (!draft.copied.has('orders')) {
    draft.state.orders = new Map(draft.state.orders);
    draft.copied.add('orders');
  }
  return draft.state.orders as Map<string, OrderState>;
};

const apply = (draft: Draft, event: CustomerEvent): void => {
  const state = draft.state;
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, name, type, region, industry, preferredChannel, source, partnerId } = event.data;
      state.registered = true;
      state.customerId = customerId;
      state.profile = compact({ name, type, region, industry, preferredChannel, source, partnerId });
      return;
    }
    case 'CustomerProfileUpdated':
      if (state.profile !== null) state.profile = { ...state.profile, ...compact(event.data.changes) };
      return;
    case 'CustomerOwnerAssigned':
      state.ownerRepId = event.data.repId;
      return;
    case 'ContactPersonAdded':
      idSet(draft, 'contactPersonIds').add(event.data.contactPersonId);
      return;
    case 'VisitLogged':
      state.visitCount += 1;
      return;
    case 'CompetitorFeedbackRecorded':
      idSet(draft, 'feedbackIds').add(event.data.feedbackId);
      return;
    case 'OpportunityOpened':
      opportunities(draft).set(event.data.opportunityId, 'open');
      return;
    case 'OpportunityWon':
      opportunities(draft).set(event.data.opportunityId, 'won');
      return;
    case 'OpportunityLost':
      opportunities(draft).set(event.data.opportunityId, 'lost');
      return;
    case 'OrderRecorded':
      orders(draft).set(event.data.orderId, {
        totalAmount: event.data.totalAmount,
        paidAmount: ZERO_MONEY,
        cancelled: false,
      });
      return;
    case 'OrderCancelled': {
      const order = state.orders.get(event.data.orderId);
      if (order) orders(draft).set(event.data.orderId, { ...order, cancelled: true });
      return;
    }
    case 'PaymentReceived': {
      const { orderId, paymentId, amount } = event.data;
      idSet(draft, 'paymentIds').add(paymentId);
      const order = state.orders.get(orderId);
      if (order) orders(draft).set(orderId, { ...order, paidAmount: sumMoney([order.paidAmount, amount]) });
      return;
    }
    default:
      return assertNever(event);
  }
};

/**
 * The customer's state after the events, in order: the same state as evolveCustomer on each in
 * turn, in time linear in the events. Never mutates the given state (nor anything it holds).
 */
export const foldCustomer = (state: CustomerState, events: readonly CustomerEvent[]): CustomerState => {
  if (events.length === 0) return state;
  const draft: Draft = { state: { ...state }, copied: new Set() };
  for (const event of events) apply(draft, event);
  return draft.state;
};

/** The customer's state after one more event. Never mutates the given state. */
export const evolveCustomer = (state: CustomerState, event: CustomerEvent): CustomerState =>
  foldCustomer(state, [event]);
