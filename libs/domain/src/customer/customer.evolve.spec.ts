import type { CustomerEvent } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { customerDecider, foldCustomer, initialCustomerState } from './customer.decider';
import {
  contactPersonAdded,
  customerRegistered,
  opportunityOpened,
  orderCancelled,
  orderRecorded,
  paymentReceived,
  visitLogged,
} from './customer.spec-helper';

/** Every kind of customer event, with payments, a cancellation and a profile change. */
const history: CustomerEvent[] = [
  customerRegistered({ industry: 'construction' }),
  {
    type: 'CustomerProfileUpdated',
    data: {
      customerId: 'c-1',
      changes: { name: 'Acme Tools', region: 'North' },
      updatedAt: '2024-01-11T08:00:00Z',
    },
  },
  {
    type: 'CustomerOwnerAssigned',
    data: {
      customerId: 'c-1',
      repId: 'r-2',
      reason: 'territory split',
      assignedAt: '2024-01-12T08:00:00Z',
    },
  },
  contactPersonAdded(),
  visitLogged(),
  {
    type: 'CompetitorFeedbackRecorded',
    data: {
      customerId: 'c-1',
      feedbackId: 'f-1',
      competitor: 'Rival',
      product: 'TV-55',
      rating: 4,
      observedAt: '2024-02-01T10:00:00Z',
    },
  },
  opportunityOpened({ opportunityId: 'opp-1' }),
  opportunityOpened({ opportunityId: 'opp-2' }),
  opportunityOpened({ opportunityId: 'opp-3' }),
  {
    type: 'OpportunityWon',
    data: { customerId: 'c-1', opportunityId: 'opp-1', wonAt: '2024-03-01T00:00:00Z' },
  },
  {
    type: 'OpportunityLost',
    data: { customerId: 'c-1', opportunityId: 'opp-2', reason: 'price', lostAt: '2024-03-01T00:00:00Z' },
  },
  orderRecorded({ orderId: 'o-1', totalAmount: '1.00' }),
  orderRecorded({ orderId: 'o-2', totalAmount: '0.30' }),
  paymentReceived({ paymentId: 'pay-1', orderId: 'o-1', amount: '0.10' }),
  paymentReceived({ paymentId: 'pay-2', orderId: 'o-1', amount: '0.20' }),
  orderCancelled({ orderId: 'o-2' }),
];

describe('customer evolve', () => {
  it('remembers the profile, owner, contacts, opportunities, orders with paid amounts, and payments', () => {
    expect(foldEvents(customerDecider, history)).toEqual({
      registered: true,
      customerId: 'c-1',
      profile: { name: 'Acme Tools', type: 'retail', region: 'North', industry: 'construction' },
      ownerRepId: 'r-2',
      contactPersonIds: new Set(['p-1']),
      feedbackIds: new Set(['f-1']),
      opportunities: new Map([
        ['opp-1', 'won'],
        ['opp-2', 'lost'],
        ['opp-3', 'open'],
      ]),
      orders: new Map([
        ['o-1', { totalAmount: '1.00', paidAmount: '0.30', cancelled: false }],
        ['o-2', { totalAmount: '0.30', paidAmount: '0.00', cancelled: true }],
      ]),
      paymentIds: new Set(['pay-1', 'pay-2']),
      visitCount: 1,
    });
  });

  it('adds payments exactly (0.10 + 0.20 is 0.30, not 0.30000000000000004)', () => {
    const state = foldEvents(customerDecider, [
      customerRegistered(),
      orderRecorded(),
      paymentReceived({ paymentId: 'a', amount: '0.1' }),
      paymentReceived({ paymentId: 'b', amount: '0.2' }),
    ]);
    expect(state.orders.get('o-1')?.paidAmount).toBe('0.30');
  });

  it('does not mutate the state it is given', () => {
    const before = foldEvents(customerDecider, [customerRegistered(), orderRecorded()]);
    customerDecider.evolve(before, paymentReceived());
    customerDecider.evolve(before, orderCancelled());
    customerDecider.evolve(before, contactPersonAdded());
    customerDecider.evolve(before, opportunityOpened());
    expect(before.orders.get('o-1')).toEqual({ totalAmount: '1.00', paidAmount: '0.00', cancelled: false });
    expect(before.paymentIds.size).toBe(0);
    expect(before.contactPersonIds.size).toBe(0);
    expect(before.opportunities.size).toBe(0);
  });

  it('folds many events as evolve does one at a time, from any state and in any chunks', () => {
    let stepwise = initialCustomerState();
    for (const event of history) stepwise = customerDecider.evolve(stepwise, event);
    expect(foldCustomer(initialCustomerState(), history)).toEqual(stepwise);
    for (const cut of [1, 5, 11, history.length - 1]) {
      const head = foldCustomer(initialCustomerState(), history.slice(0, cut));
      expect(foldCustomer(head, history.slice(cut))).toEqual(stepwise);
    }
    const some = foldCustomer(initialCustomerState(), history.slice(0, 3));
    expect(foldCustomer(some, [])).toBe(some);
  });

  it('does not mutate the state a fold starts from, nor its collections', () => {
    const before = foldEvents(customerDecider, [customerRegistered(), orderRecorded(), contactPersonAdded()]);
    const copy = {
      ...before,
      orders: new Map(before.orders),
      paymentIds: new Set(before.paymentIds),
      contactPersonIds: new Set(before.contactPersonIds),
      opportunities: new Map(before.opportunities),
      feedbackIds: new Set(before.feedbackIds),
    };
    const after = foldCustomer(before, history.slice(1));
    expect(before).toEqual(copy);
    expect(after.orders).not.toBe(before.orders);
    expect(after.orders.size).toBeGreaterThan(before.orders.size);
  });
});
