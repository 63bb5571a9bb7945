import type {
  ContactPersonAdded,
  CustomerRegistered,
  OpportunityOpened,
  OrderCancelled,
  OrderRecorded,
  PaymentReceived,
  VisitLogged,
} from '@crm/events';
import type { LogVisit, OrderLineInput, RecordOrder, RegisterCustomer } from './customer.commands';

/** Commands and events about one customer "c-1", each overridable field by field. */

export const registerCustomer = (overrides: Partial<RegisterCustomer> = {}): RegisterCustomer => ({
  type: 'RegisterCustomer',
  customerId: 'c-1',
  name: 'Acme Hardware',
  customerType: 'retail',
  region: 'East',
  registeredAt: '2024-01-10T08:00:00Z',
  ...overrides,
});

export const customerRegistered = (
  overrides: Partial<CustomerRegistered['data']> = {},
): CustomerRegistered => ({
  type: 'CustomerRegistered',
  data: {
    customerId: 'c-1',
    name: 'Acme Hardware',
    type: 'retail',
    region: 'East',
    registeredAt: '2024-01-10T08:00:00Z',
    ...overrides,
  },
});

export const logVisit = (overrides: Partial<LogVisit> = {}): LogVisit => ({
  type: 'LogVisit',
  customerId: 'c-1',
  visitId: 'v-1',
  repId: 'r-1',
  channel: 'onsite',
  activityType: 'product demo',
  cost: '35.5',
  visitedAt: '2024-02-01T10:00:00Z',
  ...overrides,
});

export const visitLogged = (overrides: Partial<VisitLogged['data']> = {}): VisitLogged => ({
  type: 'VisitLogged',
  data: {
    customerId: 'c-1',
    visitId: 'v-1',
    repId: 'r-1',
    channel: 'onsite',
    activityType: 'product demo',
    cost: '35.50',
    visitedAt: '2024-02-01T10:00:00Z',
    ...overrides,
  },
});

export const line = (overrides: Partial<OrderLineInput> = {}): OrderLineInput => ({
  sku: 'SKU-1',
  category: 'fasteners',
  brand: 'Bolt Co',
  quantity: 1,
  unitPrice: '1.00',
  ...overrides,
});

export const recordOrder = (overrides: Partial<RecordOrder> = {}): RecordOrder => ({
  type: 'RecordOrder',
  customerId: 'c-1',
  orderId: 'o-1',
  repId: 'r-1',
  channel: 'direct',
  lines: [line()],
  orderedAt: '2024-02-03T12:00:00Z',
  ...overrides,
});

export const orderRecorded = (overrides: Partial<OrderRecorded['data']> = {}): OrderRecorded => ({
  type: 'OrderRecorded',
  data: {
    customerId: 'c-1',
    orderId: 'o-1',
    repId: 'r-1',
    channel: 'direct',
    lines: [{ ...line(), amount: '1.00' }],
    totalQuantity: 1,
    totalAmount: '1.00',
    orderedAt: '2024-02-03T12:00:00Z',
    ...overrides,
  },
});

export const contactPersonAdded = (
  overrides: Partial<ContactPersonAdded['data']> = {},
): ContactPersonAdded => ({
  type: 'ContactPersonAdded',
  data: {
    customerId: 'c-1',
    contactPersonId: 'p-1',
    name: 'Zhang Min',
    role: 'purchasing manager',
    addedAt: '2024-01-15T09:00:00Z',
    ...overrides,
  },
});

export const opportunityOpened = (overrides: Partial<OpportunityOpened['data']> = {}): OpportunityOpened => ({
  type: 'OpportunityOpened',
  data: {
    customerId: 'c-1',
    opportunityId: 'opp-1',
    repId: 'r-1',
    title: 'Spring restock',
    expectedAmount: '12000.00',
    stage: 'qualification',
    openedAt: '2024-02-10T09:00:00Z',
    ...overrides,
  },
});

export const orderCancelled = (overrides: Partial<OrderCancelled['data']> = {}): OrderCancelled => ({
  type: 'OrderCancelled',
  data: {
    customerId: 'c-1',
    orderId: 'o-1',
    reason: 'customer withdrew',
    cancelledAt: '2024-02-05T09:00:00Z',
    ...overrides,
  },
});

export const paymentReceived = (overrides: Partial<PaymentReceived['data']> = {}): PaymentReceived => ({
  type: 'PaymentReceived',
  data: {
    customerId: 'c-1',
    paymentId: 'pay-1',
    orderId: 'o-1',
    amount: '0.40',
    receivedAt: '2024-02-20T09:00:00Z',
    ...overrides,
  },
});
