import {
  SALES_CHANNELS,
  type OrderCancelled,
  type OrderLine,
  type OrderRecorded,
  type PaymentReceived,
} from '@crm/events';
import { conflict, invalid, notFound } from '../shared/domain-error';
import {
  canonicalMoney,
  compareMoney,
  isPositiveMoney,
  isZeroMoney,
  multiplyMoney,
  optionalMoney,
  subtractMoney,
  sumMoney,
} from '../shared/money';
import {
  compact,
  optionalId,
  requireId,
  requireOneOf,
  requirePositiveInteger,
  requireText,
  requireTimestamp,
} from '../shared/validation';
import type { CancelOrder, OrderLineInput, RecordOrder, RecordPayment } from './customer.commands';
import { requireRegistered } from './customer.guards';
import type { CustomerState, OrderState } from './customer.state';

/** Records an order once, with line amounts and totals computed exactly. */
export const recordOrder = (command: RecordOrder, state: CustomerState): OrderRecorded => {
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
  if (state.orders.has(orderId)) {
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

/** Cancels a recorded order once; an order with payments cannot be cancelled. */
export const cancelOrder = (command: CancelOrder, state: CustomerState): OrderCancelled => {
  const data: OrderCancelled['data'] = {
    customerId: requireId(command.customerId, 'customerId'),
    orderId: requireId(command.orderId, 'orderId'),
    reason: requireText(command.reason, 'reason'),
    cancelledAt: requireTimestamp(command.cancelledAt, 'cancelledAt'),
  };
  const order = requireOrder(state, data.customerId, data.orderId);
  if (order.cancelled) {
    throw conflict('ORDER_ALREADY_CANCELLED', `Order ${data.orderId} is already cancelled`, 'orderId');
  }
  if (!isZeroMoney(order.paidAmount)) {
    throw conflict(
      'ORDER_HAS_PAYMENTS',
      `Order ${data.orderId} has payments of ${order.paidAmount} and cannot be cancelled`,
      'orderId',
    );
  }
  return { type: 'OrderCancelled', data };
};

/**
 * Settles (part of) an order of the customer: amount > 0 and never above what is outstanding
 * (total − paid); a payment id is recorded once; a cancelled order takes no payment.
 */
export const recordPayment = (command: RecordPayment, state: CustomerState): PaymentReceived => {
  const amount = canonicalMoney(command.amount, 'amount');
  if (!isPositiveMoney(amount)) {
    throw invalid('NOT_POSITIVE', 'amount must be greater than zero', 'amount');
  }
  const data: PaymentReceived['data'] = {
    customerId: requireId(command.customerId, 'customerId'),
    paymentId: requireId(command.paymentId, 'paymentId'),
    orderId: requireId(command.orderId, 'orderId'),
    amount,
    receivedAt: requireTimestamp(command.receivedAt, 'receivedAt'),
  };
  requireRegistered(state, data.customerId);
  if (state.paymentIds.has(data.paymentId)) {
    throw conflict(
      'PAYMENT_ALREADY_RECORDED',
      `Payment ${data.paymentId} is already recorded for customer ${data.customerId}`,
      'paymentId',
    );
  }
  const order = requireOrder(state, data.customerId, data.orderId);
  if (order.cancelled) {
    throw conflict('ORDER_CANCELLED', `Order ${data.orderId} is cancelled and takes no payment`, 'orderId');
  }
  const outstanding = subtractMoney(order.totalAmount, order.paidAmount);
  if (compareMoney(amount, outstanding) > 0) {
    throw conflict(
      'PAYMENT_EXCEEDS_OUTSTANDING',
      `Payment of ${amount} exceeds the ${outstanding} outstanding on order ${data.orderId}`,
      'amount',
    );
  }
  return { type: 'PaymentReceived', data };
};

const requireOrder = (state: CustomerState, customerId: string, orderId: string): OrderState => {
  requireRegistered(state, customerId);
  const order = state.orders.get(orderId);
  if (order === undefined) {
    throw notFound('ORDER_NOT_FOUND', `Customer ${customerId} has no order ${orderId}`, 'orderId');
  }
  return order;
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
