import type { OrderRecorded } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { deciderSpec } from '../shared/decider.spec-helper';
import { customerDecider, decideCustomer, initialCustomerState } from './customer.decider';
import {
  customerRegistered,
  line,
  logVisit,
  orderRecorded,
  recordOrder,
  registerCustomer,
  visitLogged,
} from './customer.spec-helper';

const { given } = deciderSpec(customerDecider);

describe('customer decider', () => {
  describe('RegisterCustomer', () => {
    it('registers a new customer, carrying the customer type as the event type field', () => {
      given()
        .when(registerCustomer({ customerType: 'distributor' }))
        .then([customerRegistered({ type: 'distributor' })]);
    });

    it('keeps the optional profile fields and trims text', () => {
      given()
        .when(
          registerCustomer({
            name: '  Acme Hardware ',
            region: ' East',
            industry: ' construction ',
            preferredChannel: 'phone',
            source: 'trade fair',
            partnerId: 'p-9',
            externalId: 'LEGACY-42',
          }),
        )
        .then([
          customerRegistered({
            industry: 'construction',
            preferredChannel: 'phone',
            source: 'trade fair',
            partnerId: 'p-9',
            externalId: 'LEGACY-42',
          }),
        ]);
    });

    it('leaves absent optional fields out of the event', () => {
      const [event] = decideCustomer(registerCustomer({ industry: '  ' }), initialCustomerState());
      expect(Object.keys(event.data).sort()).toEqual(
        ['customerId', 'name', 'region', 'registeredAt', 'type'].sort(),
      );
    });

    it('rejects registering a customer that is already registered', () => {
      given(customerRegistered())
        .when(registerCustomer())
        .thenRejects({ kind: 'conflict', code: 'CUSTOMER_ALREADY_REGISTERED', field: null });
    });

    it.each(['name', 'region'] as const)('rejects a %s that is blank after trimming', (field) => {
      given()
        .when(registerCustomer({ [field]: '   ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field });
    });

    it('rejects an unknown customer type', () => {
      given()
        .when(registerCustomer({ customerType: 'wholesale' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'customerType' });
    });

    it('rejects an unknown preferred channel', () => {
      given()
        .when(registerCustomer({ preferredChannel: 'pigeon' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'preferredChannel' });
    });

    it('rejects a registration time that is not an ISO-8601 date-time', () => {
      given()
        .when(registerCustomer({ registeredAt: '10/01/2024' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_TIMESTAMP', field: 'registeredAt' });
    });
  });

  describe('LogVisit', () => {
    it('logs a visit of a registered customer with its cost in canonical money', () => {
      given(customerRegistered())
        .when(logVisit({ purpose: 'introduce new range', outcome: 'sample order promised' }))
        .then([visitLogged({ purpose: 'introduce new range', outcome: 'sample order promised' })]);
    });

    it('allows a visit that cost nothing', () => {
      given(customerRegistered())
        .when(logVisit({ cost: '0', channel: 'phone' }))
        .then([visitLogged({ cost: '0.00', channel: 'phone' })]);
    });

    it('rejects a visit to a customer that is not registered', () => {
      given().when(logVisit()).thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it.each(['-1', '3.999', 'ten', ''])('rejects the visit cost %j, which is not Money ≥ 0', (cost) => {
      given(customerRegistered())
        .when(logVisit({ cost }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: 'cost' });
    });

    it('rejects an unknown contact channel', () => {
      given(customerRegistered())
        .when(logVisit({ channel: 'telepathy' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'channel' });
    });

    it('rejects a visit decided against another customer', () => {
      given(customerRegistered())
        .when(logVisit({ customerId: 'c-2' }))
        .thenRejects({ kind: 'invalid', code: 'CUSTOMER_ID_MISMATCH', field: 'customerId' });
    });
  });

  describe('RecordOrder', () => {
    it('records an order, computing line amounts and totals exactly (3 × 0.10 + 0.20 = 0.50)', () => {
      given(customerRegistered())
        .when(
          recordOrder({
            lines: [
              line({ sku: 'A', quantity: 3, unitPrice: '0.10', listPrice: '0.12', unitCost: '0.07' }),
              line({ sku: 'B', quantity: 1, unitPrice: '0.2' }),
            ],
          }),
        )
        .then([
          orderRecorded({
            lines: [
              {
                ...line({ sku: 'A', quantity: 3, unitPrice: '0.10' }),
                listPrice: '0.12',
                unitCost: '0.07',
                amount: '0.30',
              },
              { ...line({ sku: 'B', quantity: 1, unitPrice: '0.20' }), amount: '0.20' },
            ],
            totalQuantity: 4,
            totalAmount: '0.50',
          }),
        ]);
    });

    it('sums a few hundred one-cent lines to the exact cent', () => {
      const lines = Array.from({ length: 333 }, (_, i) => line({ sku: `S${i}`, unitPrice: '0.01' }));
      const [event] = decideCustomer(
        recordOrder({ lines }),
        foldEvents(customerDecider, [customerRegistered()]),
      ) as [OrderRecorded];
      expect(event.data.totalAmount).toBe('3.33');
      expect(event.data.totalQuantity).toBe(333);
      expect(event.data.lines.every((l) => l.amount === '0.01')).toBe(true);
    });

    it('multiplies large quantities and prices exactly', () => {
      const [event] = decideCustomer(
        recordOrder({ lines: [line({ quantity: 123_456_789, unitPrice: '9999.99' })] }),
        foldEvents(customerDecider, [customerRegistered()]),
      ) as [OrderRecorded];
      expect(event.data.totalAmount).toBe('1234566655432.11');
    });

    it('allows free goods (unit price 0)', () => {
      given(customerRegistered())
        .when(recordOrder({ lines: [line({ quantity: 5, unitPrice: '0' })] }))
        .then([
          orderRecorded({
            lines: [{ ...line({ quantity: 5, unitPrice: '0.00' }), amount: '0.00' }],
            totalQuantity: 5,
            totalAmount: '0.00',
          }),
        ]);
    });

    it('records an order without a rep, list price or unit cost', () => {
      const [event] = decideCustomer(
        recordOrder({ repId: undefined, channel: 'web' }),
        foldEvents(customerDecider, [customerRegistered()]),
      ) as [OrderRecorded];
      expect('repId' in event.data).toBe(false);
      expect(Object.keys(event.data.lines[0]).sort()).toEqual(
        ['amount', 'brand', 'category', 'quantity', 'sku', 'unitPrice'].sort(),
      );
    });

    it('rejects an order for a customer that is not registered', () => {
      given().when(recordOrder()).thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it('rejects an order id recorded before', () => {
      given(customerRegistered(), orderRecorded({ orderId: 'o-1' }), orderRecorded({ orderId: 'o-2' }))
        .when(recordOrder({ orderId: 'o-1' }))
        .thenRejects({ kind: 'conflict', code: 'ORDER_ALREADY_RECORDED', field: null });
    });

    it('records a new order id after other orders', () => {
      given(customerRegistered(), orderRecorded({ orderId: 'o-1' }))
        .when(recordOrder({ orderId: 'o-2' }))
        .then([orderRecorded({ orderId: 'o-2' })]);
    });

    it('rejects an order without lines', () => {
      given(customerRegistered())
        .when(recordOrder({ lines: [] }))
        .thenRejects({ kind: 'invalid', code: 'EMPTY_ORDER', field: 'lines' });
    });

    it.each([[0], [-2], [1.5], [2 ** 53], [Number.NaN]])(
      'rejects the quantity %p, which is not a positive safe integer',
      (quantity) => {
        given(customerRegistered())
          .when(recordOrder({ lines: [line(), line({ quantity })] }))
          .thenRejects({ kind: 'invalid', code: 'INVALID_QUANTITY', field: 'lines[1].quantity' });
      },
    );

    it.each(['unitPrice', 'listPrice', 'unitCost'] as const)('rejects a %s that is not Money', (field) => {
      given(customerRegistered())
        .when(recordOrder({ lines: [line({ [field]: '-0.01' })] }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: `lines[0].${field}` });
    });

    it.each(['category', 'brand', 'sku'] as const)('rejects a line with a blank %s', (field) => {
      given(customerRegistered())
        .when(recordOrder({ lines: [line({ [field]: ' ' })] }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: `lines[0].${field}` });
    });

    it('rejects a line amount too large for Money', () => {
      given(customerRegistered())
        .when(recordOrder({ lines: [line({ quantity: 1000, unitPrice: '999999999999999' })] }))
        .thenRejects({ kind: 'invalid', code: 'MONEY_OUT_OF_RANGE', field: 'lines[0].quantity' });
    });

    it('rejects an order total too large for Money', () => {
      const big = line({ unitPrice: '999999999999999.99' });
      given(customerRegistered())
        .when(recordOrder({ lines: [big, big] }))
        .thenRejects({ kind: 'invalid', code: 'MONEY_OUT_OF_RANGE', field: 'lines' });
    });

    it('rejects an unknown sales channel', () => {
      given(customerRegistered())
        .when(recordOrder({ channel: 'fax' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'channel' });
    });
  });

  it('fails loudly on a command type it does not know', () => {
    expect(() => customerDecider.decide({ type: 'DeleteCustomer' } as never, initialCustomerState())).toThrow(
      'Unhandled variant: DeleteCustomer',
    );
  });
});
