import { CommandApiHarness } from './commands-support/command-api-harness';

/**
 * The order command endpoints (cancel, payments)
 * over HTTP on a real PostgreSQL: the happy path appends its event (read back from the store),
 * each refusal answers the right status and appends nothing. Only the command API runs.
 */
let h: CommandApiHarness;

beforeAll(async () => {
  h = await CommandApiHarness.create('commands_orders_e2e');
  for (const repId of ['rep-1', 'rep-2']) {
    expect((await h.post('/reps', { repId, name: `Rep ${repId}`, region: 'east' })).statusCode).toBe(201);
  }
  const customer = { customerId: 'cust-1', name: 'Golden Harvest', type: 'distributor', region: 'east' };
  expect((await h.post('/customers', customer)).statusCode).toBe(201);
});

afterAll(async () => {
  await h?.close();
});

const CUSTOMER = 'customer-cust-1';

const order = (orderId: string, unitPrice = '50.00') => ({
  orderId,
  repId: 'rep-1',
  channel: 'direct',
  orderedAt: '2026-11-10T10:00:00Z',
  lines: [{ sku: 'TV-55', category: 'televisions', brand: 'Lumina', quantity: 2, unitPrice }],
});

describe('POST /customers/{id}/orders/{orderId}/cancel (CancelOrder)', () => {
  beforeAll(async () => {
    for (const id of ['o-1', 'o-2']) {
      expect((await h.post('/customers/cust-1/orders', order(id))).statusCode).toBe(201);
    }
  });

  it('cancels a recorded order', async () => {
    const response = await h.post('/customers/cust-1/orders/o-2/cancel', { reason: 'customer withdrew' });
    expect((await h.expectAppended(response, CUSTOMER, 'OrderCancelled')).data).toMatchObject({
      orderId: 'o-2',
      reason: 'customer withdrew',
    });
  });

  it('answers 409 ORDER_ALREADY_CANCELLED for a second cancellation', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/orders/o-2/cancel', { reason: 'again' }),
      {
        status: 409,
        code: 'ORDER_ALREADY_CANCELLED',
      },
    );
  });

  it('answers 404 ORDER_NOT_FOUND for an order the customer does not have', async () => {
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/orders/o-9/cancel', { reason: 'x' }), {
      status: 404,
      code: 'ORDER_NOT_FOUND',
    });
  });
});

describe('POST /customers/{id}/payments (RecordPayment)', () => {
  it('records a payment against an order', async () => {
    const response = await h.post('/customers/cust-1/payments', {
      paymentId: 'pay-1',
      orderId: 'o-1',
      amount: '60.5',
      receivedAt: '2026-11-20T10:00:00Z',
    });
    expect((await h.expectAppended(response, CUSTOMER, 'PaymentReceived')).data).toEqual({
      customerId: 'cust-1',
      paymentId: 'pay-1',
      orderId: 'o-1',
      amount: '60.50',
      receivedAt: '2026-11-20T10:00:00.000Z',
    });
  });

  it('answers 409 PAYMENT_EXCEEDS_OUTSTANDING naming amount for one cent too much', async () => {
    const payment = { orderId: 'o-1', amount: '39.51', receivedAt: '2026-11-21T10:00:00Z' };
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/payments', payment), {
      status: 409,
      code: 'PAYMENT_EXCEEDS_OUTSTANDING',
      field: 'amount',
    });
    const exact = await h.post('/customers/cust-1/payments', { ...payment, amount: '39.50' });
    await h.expectAppended(exact, CUSTOMER, 'PaymentReceived');
  });

  it('answers 409 ORDER_HAS_PAYMENTS when cancelling an order with payments', async () => {
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/orders/o-1/cancel', { reason: 'x' }), {
      status: 409,
      code: 'ORDER_HAS_PAYMENTS',
    });
  });

  it('refuses a payment on a cancelled order (409), an unknown order (404) and a zero amount (400)', async () => {
    const payment = { amount: '1.00', receivedAt: '2026-11-21T10:00:00Z' };
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/payments', { ...payment, orderId: 'o-2' }),
      {
        status: 409,
        code: 'ORDER_CANCELLED',
      },
    );
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/payments', { ...payment, orderId: 'o-9' }),
      {
        status: 404,
        code: 'ORDER_NOT_FOUND',
      },
    );
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/payments', { ...payment, orderId: 'o-1', amount: '0' }),
      { status: 400, code: 'NOT_POSITIVE', field: 'amount' },
    );
  });
});
