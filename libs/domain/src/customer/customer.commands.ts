import type { CustomerRegistered, OrderLine, OrderRecorded, VisitLogged } from '@crm/events';

/**
 * Commands carry the data of the event they request. Time ("registeredAt", "visitedAt",
 * "orderedAt") arrives in the command; the domain never reads a clock.
 */

/**
 * Mirrors CustomerRegistered's data, except that the customer's type travels as
 * `customerType`, because `type` is the command's discriminator.
 */
export type RegisterCustomer = { type: 'RegisterCustomer' } & Omit<CustomerRegistered['data'], 'type'> & {
    customerType: CustomerRegistered['data']['type'];
  };

/** Mirrors VisitLogged's data. `cost` is Money ≥ 0. */
export type LogVisit = { type: 'LogVisit' } & VisitLogged['data'];

/** An order line as requested: the decider computes `amount` = quantity × unitPrice. */
export type OrderLineInput = Omit<OrderLine, 'amount'>;

/** Mirrors OrderRecorded's data without the computed line amounts and totals. */
export type RecordOrder = { type: 'RecordOrder' } & Omit<
  OrderRecorded['data'],
  'lines' | 'totalQuantity' | 'totalAmount'
> & { lines: OrderLineInput[] };

export type CustomerCommand = RegisterCustomer | LogVisit | RecordOrder;
export type CustomerCommandType = CustomerCommand['type'];
