import type { CustomerEvent } from '@crm/events';
import { assertNever } from '../shared/assert-never';
import { sumMoney, ZERO_MONEY } from '../shared/money';
import { compact } from '../shared/validation';
import type { CustomerState, OpportunityStatus, OrderState } from './customer.state';

/** The customer's state after one more event. Never mutates the given state. */
export const evolveCustomer = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, name, type, region, industry, preferredChannel, source, partnerId } = event.data;
      return {
        ...state,
        registered: true,
        customerId,
        profile: compact({ name, type, region, industry, preferredChannel, source, partnerId }),
      };
    }
    case 'CustomerProfileUpdated':
      return state.profile === null
        ? state
        : { ...state, profile: { ...state.profile, ...compact(event.data.changes) } };
    case 'CustomerOwnerAssigned':
      return { ...state, ownerRepId: event.data.repId };
    case 'ContactPersonAdded':
      return { ...state, contactPersonIds: new Set(state.contactPersonIds).add(event.data.contactPersonId) };
    case 'VisitLogged':
      return { ...state, visitCount: state.visitCount + 1 };
    case 'CompetitorFeedbackRecorded':
      return { ...state, feedbackIds: new Set(state.feedbackIds).add(event.data.feedbackId) };
    case 'OpportunityOpened':
      return withOpportunity(state, event.data.opportunityId, 'open');
    case 'OpportunityWon':
      return withOpportunity(state, event.data.opportunityId, 'won');
    case 'OpportunityLost':
      return withOpportunity(state, event.data.opportunityId, 'lost');
    case 'OrderRecorded':
      return withOrder(state, event.data.orderId, {
        totalAmount: event.data.totalAmount,
        paidAmount: ZERO_MONEY,
        cancelled: false,
      });
    case 'OrderCancelled': {
      const order = state.orders.get(event.data.orderId);
      return order ? withOrder(state, event.data.orderId, { ...order, cancelled: true }) : state;
    }
    case 'PaymentReceived': {
      const { orderId, paymentId, amount } = event.data;
      const order = state.orders.get(orderId);
      const paid = { ...state, paymentIds: new Set(state.paymentIds).add(paymentId) };
      return order
        ? withOrder(paid, orderId, { ...order, paidAmount: sumMoney([order.paidAmount, amount]) })
        : paid;
    }
    default:
      return assertNever(event);
  }
};

const withOpportunity = (state: CustomerState, id: string, status: OpportunityStatus): CustomerState => ({
  ...state,
  opportunities: new Map(state.opportunities).set(id, status),
});

const withOrder = (state: CustomerState, id: string, order: OrderState): CustomerState => ({
  ...state,
  orders: new Map(state.orders).set(id, order),
});
