import {
  CONTACT_CHANNELS,
  CUSTOMER_TYPES,
  SALES_CHANNELS,
  type CustomerEvent,
  type CustomerRegistered,
  type OrderLine,
  type OrderRecorded,
  type VisitLogged,
} from '@crm/events';
import { assertNever } from '../shared/assert-never';
import type { Decider } from '../shared/decider';
import { conflict, invalid, notFound } from '../shared/domain-error';
import { canonicalMoney, multiplyMoney, optionalMoney, sumMoney } from '../shared/money';
import {
  compact,
  optionalId,
  optionalOneOf,
  optionalText,
  requireId,
  requireOneOf,
  requirePositiveInteger,
  requireText,
  requireTimestamp,
} from '../shared/validation';
import type {
  CustomerCommand,
  LogVisit,
  OrderLineInput,
  RecordOrder,
  RegisterCustomer,
} from './customer.commands';
import { initialCustomerState, type CustomerState } from './customer.state';

export { initialCustomerState };

/**
 * Decides what a customer command records. Input is validated first (invalid), then the
 * customer's history is consulted (not_found, conflict). All Money in the events is canonical
 * ("12.50"); line amounts and totals are computed exactly.
 */
export const decideCustomer = (command: CustomerCommand, state: CustomerState): CustomerEvent[] => {
  switch (command.type) {
    case 'RegisterCustomer':
      return [registerCustomer(command, state)];
    case 'LogVisit':
      return [logVisit(command, state)];
    case 'RecordOrder':
      return [recordOrder(command, state)];
    default:
      return assertNever(command);
  }
};

export const evolveCustomer = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, name, type, region } = event.data;
      return { ...state, registered: true, customerId, profile: { name, type, region } };
    }
    case 'VisitLogged':
      return { ...state, visitCount: state.visitCount + 1 };
    case 'OrderRecorded':
      return {
        ...state,
        orderIds: new Set(state.orderIds).add(event.data.orderId),
        orderCount: state.orderCount + 1,
      };
    default:
      return assertNever(event);
  }
};

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: initialCustomerState,
  decide: decideCustomer,
  evolve: evolveCustomer,
};

const registerCustomer = (command: RegisterCustomer, state: CustomerState): CustomerRegistered => {
  const data: CustomerRegistered['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    name: requireText(command.name, 'name'),
    type: requireOneOf(command.customerType, CUSTOMER_TYPES, 'customerType'),
    region: requireText(command.region, 'region'),
    industry: optionalText(command.industry, 'industry'),
    preferredChannel: optionalOneOf(command.preferredChannel, CONTACT_CHANNELS, 'preferredChannel'),
    source: optionalText(command.source, 'source'),
    partnerId: optionalId(command.partnerId, 'partnerId'),
    externalId: optionalId(command.externalId, 'externalId'),
    registeredAt: requireTimestamp(command.registeredAt, 'registeredAt'),
  });
  if (state.registered) {
    throw conflict('CUSTOMER_ALREADY_REGISTERED', `Customer ${data.customerId} is already registered`);
  }
  return { type: 'CustomerRegistered', data };
};

const logVisit = (command: LogVisit, state: CustomerState): VisitLogged => {
  const data: VisitLogged['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    visitId: requireId(command.visitId, 'visitId'),
    repId: requireId(command.repId, 'repId'),
    contactPersonId: optionalId(command.contactPersonId, 'contactPersonId'),
    channel: requireOneOf(command.channel, CONTACT_CHANNELS, 'channel'),
    activityType: requireText(command.activityType, 'activityType'),
    purpose: optionalText(command.purpose, 'purpose'),
    outcome: optionalText(command.outcome, 'outcome'),
    cost: canonicalMoney(command.cost, 'cost'),
    visitedAt: requireTimestamp(command.visitedAt, 'visitedAt'),
  });
  requireRegistered(state, data.customerId);
  return { type: 'VisitLogged', data };
};

const recordOrder = (command: RecordOrder, state: CustomerState): OrderRecorded => {
  const customerId = requireId(command.customerId, 'customerId');
  const orderId = requireId(command.orderId, 'orderId');
  const repId = optionalId(command.repId, 'repId');
  const channel = requireOneOf(command.channel, SALES_CHANNELS, 'channel');
  const orderedAt = requireTimestamp(command.orderedAt, 'orderedAt');
  if (!Array.isArray(command.lines) || command.lines.length === 0) {
    throw invalid('EMPTY_ORDER', 'An order must have at least one line', 'lines');
  }
  const lines = command.lines.map((line, index) => orderLine(line, `lines[${index}]`));
  const totalQuantity = lines.reduce((sum, line) => sum + line.quantity, 0);
  if (!Number.isSafeInteger(totalQuantity)) {
    throw invalid('INVALID_QUANTITY', 'The total quantity of the order is too large', 'lines');
  }
  const totalAmount = sumMoney(
    lines.map((line) => line.amount),
    'lines',
  );

  requireRegistered(state, customerId);
  if (state.orderIds.has(orderId)) {
    throw conflict(
      'ORDER_ALREADY_RECORDED',
      `Order ${orderId} is already recorded for customer ${customerId}`,
    );
  }
  return {
    type: 'OrderRecorded',
    data: compact({ customerId, orderId, repId, channel, lines, totalQuantity, totalAmount, orderedAt }),
  };
};

const orderLine = (line: OrderLineInput, path: string): OrderLine => {
  if (typeof line !== 'object' || line === null) {
    throw invalid('INVALID_VALUE', `${path} must be an order line`, path);
  }
  const quantity = requirePositiveInteger(line.quantity, `${path}.quantity`);
  const unitPrice = canonicalMoney(line.unitPrice, `${path}.unitPrice`);
  return compact({
    sku: requireId(line.sku, `${path}.sku`),
    category: requireText(line.category, `${path}.category`),
    brand: requireText(line.brand, `${path}.brand`),
    quantity,
    unitPrice,
    listPrice: optionalMoney(line.listPrice, `${path}.listPrice`),
    unitCost: optionalMoney(line.unitCost, `${path}.unitCost`),
    amount: multiplyMoney(unitPrice, quantity, `${path}.quantity`),
  });
};

const requireRegistered = (state: CustomerState, customerId: string): void => {
  if (!state.registered) {
    throw notFound('CUSTOMER_NOT_FOUND', `Customer ${customerId} is not registered`);
  }
  if (state.customerId !== customerId) {
    throw invalid(
      'CUSTOMER_ID_MISMATCH',
      `Command for customer ${customerId} was decided against customer ${String(state.customerId)}`,
      'customerId',
    );
  }
};
