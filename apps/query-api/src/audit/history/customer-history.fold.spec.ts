import type { CustomerEvent, RecordedEvent } from '@crm/events';
import { customerDecider } from '@crm/domain';
import { foldCustomerHistory } from './customer-history.fold';
import { toCustomerHistoryView } from './customer-history.view-model';

let version = 0;
const recorded = (event: CustomerEvent, occurredAt: string): RecordedEvent => {
  const v = version++;
  return {
    ...event,
    streamId: 'customer-c1',
    streamVersion: v,
    globalPosition: String(100 + v),
    metadata: {
      eventId: `e-${v}`,
      commandId: `cmd-${v}`,
      correlationId: `cmd-${v}`,
      causationId: `cmd-${v}`,
      actor: { userId: 'u-1', role: 'rep' },
      occurredAt,
      recordedAt: occurredAt,
      schemaVersion: 1,
    },
  };
};

const order = (orderId: string, totalAmount: string, orderedAt: string): CustomerEvent => ({
  type: 'OrderRecorded',
  data: {
    customerId: 'c1',
    orderId,
    channel: 'direct',
    lines: [
      { sku: 's', category: 'c', brand: 'b', quantity: 1, unitPrice: totalAmount, amount: totalAmount },
    ],
    totalQuantity: 1,
    totalAmount,
    orderedAt,
  },
});

const history = (): RecordedEvent[] => {
  version = 0;
  return [
    recorded(
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'c1',
          name: 'Acme',
          type: 'retail',
          region: 'east',
          registeredAt: '2026-01-01T00:00:00Z',
        },
      },
      '2026-01-01T00:00:00Z',
    ),
    recorded(
      {
        type: 'CustomerProfileUpdated',
        data: { customerId: 'c1', changes: { region: 'north' }, updatedAt: '2026-01-02T00:00:00Z' },
      },
      '2026-01-02T00:00:00Z',
    ),
    recorded(
      {
        type: 'CustomerOwnerAssigned',
        data: { customerId: 'c1', repId: 'rep-2', reason: 'split', assignedAt: '2026-01-03T00:00:00Z' },
      },
      '2026-01-03T00:00:00Z',
    ),
    recorded(
      {
        type: 'ContactPersonAdded',
        data: {
          customerId: 'c1',
          contactPersonId: 'p1',
          name: 'Zhang',
          role: 'buyer',
          addedAt: '2026-01-04T00:00:00Z',
        },
      },
      '2026-01-04T00:00:00Z',
    ),
    recorded(order('o1', '0.10', '2026-01-05T00:00:00Z'), '2026-01-05T00:00:00Z'),
    recorded(order('o2', '0.20', '2026-01-06T00:00:00Z'), '2026-01-06T00:00:00Z'),
    recorded(order('o3', '999.99', '2026-01-07T00:00:00Z'), '2026-01-07T00:00:00Z'),
    recorded(
      {
        type: 'OrderCancelled',
        data: { customerId: 'c1', orderId: 'o3', reason: 'dup', cancelledAt: '2026-01-08T00:00:00Z' },
      },
      '2026-01-08T00:00:00Z',
    ),
    recorded(
      {
        type: 'PaymentReceived',
        data: {
          customerId: 'c1',
          paymentId: 'pay1',
          orderId: 'o2',
          amount: '0.05',
          receivedAt: '2026-01-09T00:00:00Z',
        },
      },
      '2026-01-09T00:00:00Z',
    ),
    recorded(
      {
        type: 'OpportunityOpened',
        data: {
          customerId: 'c1',
          opportunityId: 'op1',
          title: 'Restock',
          expectedAmount: '100.00',
          stage: 'proposal',
          openedAt: '2026-01-10T00:00:00Z',
        },
      },
      '2026-01-10T00:00:00Z',
    ),
    recorded(
      {
        type: 'OpportunityOpened',
        data: {
          customerId: 'c1',
          opportunityId: 'op2',
          title: 'Fair',
          expectedAmount: '5.00',
          stage: 'qualification',
          openedAt: '2026-01-10T00:00:00Z',
        },
      },
      '2026-01-10T00:00:00Z',
    ),
    recorded(
      {
        type: 'OpportunityWon',
        data: { customerId: 'c1', opportunityId: 'op2', wonAt: '2026-01-11T00:00:00Z' },
      },
      '2026-01-11T00:00:00Z',
    ),
    recorded(
      {
        type: 'VisitLogged',
        data: {
          customerId: 'c1',
          visitId: 'v1',
          repId: 'rep-2',
          channel: 'phone',
          activityType: 'call',
          cost: '1.00',
          visitedAt: '2026-01-12T00:00:00Z',
        },
      },
      '2026-01-12T00:00:00Z',
    ),
  ];
};

describe('customer history fold', () => {
  it("keeps the domain's own state, evolved by the customer decider", () => {
    const events = history();
    const state = foldCustomerHistory(events);
    const byDecider = events.reduce(
      (s, e) => customerDecider.evolve(s, { type: e.type, data: e.data } as CustomerEvent),
      customerDecider.initialState(),
    );
    expect(state.customer).toEqual(byDecider);
    expect(state.eventCount).toBe(events.length);
    expect(state.lastEvent).toEqual({
      streamVersion: 12,
      globalPosition: '112',
      type: 'VisitLogged',
      occurredAt: '2026-01-12T00:00:00Z',
    });
  });

  it('answers revenue and outstanding exactly, without cancelled orders', () => {
    const view = toCustomerHistoryView(
      'c1',
      new Date('2026-02-01T00:00:00Z'),
      null,
      foldCustomerHistory(history()),
    );
    expect(view).toMatchObject({
      orderCount: 2,
      cancelledOrderCount: 1,
      revenue: '0.30',
      paid: '0.05',
      outstanding: '0.25',
      firstOrderAt: '2026-01-05T00:00:00.000Z',
      lastOrderAt: '2026-01-06T00:00:00.000Z',
      visitCount: 1,
      ownerRepId: 'rep-2',
      profile: { name: 'Acme', type: 'retail', region: 'north', industry: null },
      opportunities: { open: 1, won: 1, lost: 0 },
    });
    expect(view.openOpportunities.map((o) => o.opportunityId)).toEqual(['op1']);
    expect(view.contacts).toEqual([
      {
        contactPersonId: 'p1',
        name: 'Zhang',
        role: 'buyer',
        phone: null,
        email: null,
        addedAt: '2026-01-04T00:00:00.000Z',
      },
    ]);
  });

  it('is the customer as it was when folded over a prefix of its history', () => {
    const view = toCustomerHistoryView(
      'c1',
      new Date('2026-01-07T00:00:00Z'),
      null,
      foldCustomerHistory(history().slice(0, 7)),
    );
    expect(view).toMatchObject({ orderCount: 3, revenue: '1000.29', outstanding: '1000.29', visitCount: 0 });
  });
});
