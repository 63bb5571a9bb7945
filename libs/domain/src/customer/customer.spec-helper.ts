import type { CustomerRegistered, OrderRecorded, VisitLogged } from '@crm/events';
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
