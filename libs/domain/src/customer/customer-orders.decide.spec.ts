import type { PaymentReceived } from '@crm/events';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { CancelOrder, RecordPayment } from './customer.commands';
import { customerDecider } from './customer.decider';
import {
  customerRegistered,
  orderCancelled,
  orderRecorded,
  paymentReceived,
  recordOrder,
} from './customer.spec-helper';

const { given } = deciderSpec(customerDecider);

const cancelOrder = (overrides: Partial<CancelOrder> = {}): CancelOrder => ({
  type: 'CancelOrder',
  customerId: 'c-1',
  orderId: 'o-1',
  reason: 'customer withdrew',
  cancelledAt: '2024-02-05T09:00:00Z',
  ...overrides,
});

const recordPayment = (overrides: Partial<RecordPayment> = {}): RecordPayment => ({
  type: 'RecordPayment',
  customerId: 'c-1',
  paymentId: 'pay-1',
  orderId: 'o-1',
  amount: '0.4',
  receivedAt: '2024-02-20T09:00:00Z',
  ...overrides,
});

const payment = (overrides: Partial<PaymentReceived['data']> = {}) => [paymentReceived(overrides)];

describe('customer decider: cancellations and payments', () => {
  describe('CancelOrder', () => {
    it('cancels a recorded order', () => {
      given(customerRegistered(), orderRecorded()).when(cancelOrder()).then([orderCancelled()]);
    });

    it('rejects cancelling an order the customer does not have', () => {
      given(customerRegistered(), orderRecorded({ orderId: 'o-2' }))
        .when(cancelOrder())
        .thenRejects({ kind: 'not_found', code: 'ORDER_NOT_FOUND', field: 'orderId' });
    });

    it('refuses cancelling an order twice', () => {
      given(customerRegistered(), orderRecorded(), orderCancelled())
        .when(cancelOrder({ reason: 'again' }))
        .thenRejects({ kind: 'conflict', code: 'ORDER_ALREADY_CANCELLED', field: 'orderId' });
    });

    it('refuses cancelling an order with payments', () => {
      given(customerRegistered(), orderRecorded(), paymentReceived({ amount: '0.01' }))
        .when(cancelOrder())
        .thenRejects({ kind: 'conflict', code: 'ORDER_HAS_PAYMENTS', field: 'orderId' });
    });

    it('rejects a cancellation without a reason', () => {
      given(customerRegistered(), orderRecorded())
        .when(cancelOrder({ reason: ' ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'reason' });
    });

    it('rejects cancelling for a customer that is not registered', () => {
      given().when(cancelOrder()).thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it('keeps a cancelled order id taken: it cannot be recorded again', () => {
      given(customerRegistered(), orderRecorded(), orderCancelled())
        .when(recordOrder())
        .thenRejects({ kind: 'conflict', code: 'ORDER_ALREADY_RECORDED', field: null });
    });
  });

  describe('RecordPayment', () => {
    it('records a partial payment in canonical money', () => {
      given(customerRegistered(), orderRecorded())
        .when(recordPayment())
        .then(payment({ amount: '0.40' }));
    });

    it('accepts a payment of exactly what is outstanding (1.00 − 0.10 − 0.20 = 0.70)', () => {
      given(
        customerRegistered(),
        orderRecorded(),
        paymentReceived({ paymentId: 'a', amount: '0.10' }),
        paymentReceived({ paymentId: 'b', amount: '0.20' }),
      )
        .when(recordPayment({ paymentId: 'c', amount: '0.7' }))
        .then(payment({ paymentId: 'c', amount: '0.70' }));
    });

    it('refuses a payment larger than what is outstanding, by one cent', () => {
      given(customerRegistered(), orderRecorded(), paymentReceived({ paymentId: 'a', amount: '0.30' }))
        .when(recordPayment({ paymentId: 'b', amount: '0.71' }))
        .thenRejects({ kind: 'conflict', code: 'PAYMENT_EXCEEDS_OUTSTANDING', field: 'amount' });
    });

    it('refuses any payment on an order that is fully paid', () => {
      given(customerRegistered(), orderRecorded(), paymentReceived({ paymentId: 'a', amount: '1.00' }))
        .when(recordPayment({ paymentId: 'b', amount: '0.01' }))
        .thenRejects({ kind: 'conflict', code: 'PAYMENT_EXCEEDS_OUTSTANDING', field: 'amount' });
    });

    it('counts payments per order: another order’s payments do not reduce this one', () => {
      given(
        customerRegistered(),
        orderRecorded({ orderId: 'o-1' }),
        orderRecorded({ orderId: 'o-2' }),
        paymentReceived({ paymentId: 'a', orderId: 'o-2', amount: '1.00' }),
      )
        .when(recordPayment({ paymentId: 'b', orderId: 'o-1', amount: '1' }))
        .then(payment({ paymentId: 'b', orderId: 'o-1', amount: '1.00' }));
    });

    it('rejects a payment for an order the customer does not have', () => {
      given(customerRegistered(), orderRecorded())
        .when(recordPayment({ orderId: 'o-9' }))
        .thenRejects({ kind: 'not_found', code: 'ORDER_NOT_FOUND', field: 'orderId' });
    });

    it('refuses a payment for a cancelled order', () => {
      given(customerRegistered(), orderRecorded(), orderCancelled())
        .when(recordPayment())
        .thenRejects({ kind: 'conflict', code: 'ORDER_CANCELLED', field: 'orderId' });
    });

    it('refuses a payment id recorded before, even for another order', () => {
      given(
        customerRegistered(),
        orderRecorded({ orderId: 'o-1' }),
        orderRecorded({ orderId: 'o-2' }),
        paymentReceived(),
      )
        .when(recordPayment({ orderId: 'o-2' }))
        .thenRejects({ kind: 'conflict', code: 'PAYMENT_ALREADY_RECORDED', field: 'paymentId' });
    });

    it.each(['0', '0.00'])('rejects the amount %j, which is not above zero', (amount) => {
      given(customerRegistered(), orderRecorded())
        .when(recordPayment({ amount }))
        .thenRejects({ kind: 'invalid', code: 'NOT_POSITIVE', field: 'amount' });
    });

    it.each(['-1', '0.001', 'ten'])('rejects the amount %j, which is not Money', (amount) => {
      given(customerRegistered(), orderRecorded())
        .when(recordPayment({ amount }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: 'amount' });
    });

    it('rejects a payment for a customer that is not registered', () => {
      given()
        .when(recordPayment())
        .thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it('rejects a payment time that is not an ISO-8601 date-time', () => {
      given(customerRegistered(), orderRecorded())
        .when(recordPayment({ receivedAt: '20.02.2024' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_TIMESTAMP', field: 'receivedAt' });
    });
  });
});
