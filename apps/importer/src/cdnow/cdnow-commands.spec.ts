import { customerDecider, foldEvents, type RecordOrder } from '@crm/domain';
import type { CustomerEvent, OrderRecorded } from '@crm/events';
import { cdnowCustomerImport, type SequencedRow } from './cdnow-commands';

const row = (overrides: Partial<SequencedRow> = {}): SequencedRow => ({
  line: 2,
  customerId: '00042',
  date: '19970112',
  cds: 1,
  cents: 1200n,
  sequence: 1,
  ...overrides,
});

describe('CDNOW commands', () => {
  const customer = cdnowCustomerImport('00042', [
    row({ line: 2, date: '19970301', cds: 2, cents: 1177n }),
    row({ line: 3, date: '19970112', cds: 5, cents: 7700n }),
    row({ line: 4, date: '19970112', cds: 1, cents: 0n, sequence: 2 }),
  ]);

  it('registers a retail customer keeping the source id as externalId, dated by its first purchase', () => {
    expect(customer.streamId).toBe('customer-cdnow-00042');
    expect(customer.registration).toEqual({
      commandId: 'cdnow:00042:register',
      occurredAt: '1997-01-12T00:00:00.000Z',
      lines: [3],
      command: {
        type: 'RegisterCustomer',
        customerId: 'cdnow-00042',
        name: 'CDNOW customer 00042',
        customerType: 'retail',
        region: 'online',
        source: 'CDNOW transaction log',
        externalId: '00042',
        registeredAt: '1997-01-12T00:00:00.000Z',
      },
    });
  });

  it('gives same-day rows distinct order ids and derives command ids from the row', () => {
    expect(customer.orders.map((o) => [o.command.orderId, o.commandId, o.lines])).toEqual([
      ['cdnow-00042-19970301-1', 'cdnow:00042:19970301:1:2:11.77', [2]],
      ['cdnow-00042-19970112-1', 'cdnow:00042:19970112:1:5:77.00', [3]],
      ['cdnow-00042-19970112-2', 'cdnow:00042:19970112:2:1:0.00', [4]],
    ]);
    expect(customer.orders[1]!.command).toMatchObject({
      channel: 'web',
      orderedAt: '1997-01-12T00:00:00.000Z',
      lines: [{ sku: 'cdnow-cd', category: 'music', brand: 'cdnow', quantity: 5, unitPrice: '15.40' }],
    });
  });

  it('records orders whose total is the dollar value to the cent, through the customer decider', () => {
    let state = foldEvents(
      customerDecider,
      customerDecider.decide(customer.registration.command, customerDecider.initialState()),
    );
    const recorded: OrderRecorded[] = [];
    for (const order of customer.orders) {
      const [event] = customerDecider.decide(order.command as RecordOrder, state) as CustomerEvent[];
      state = customerDecider.evolve(state, event!);
      recorded.push(event as OrderRecorded);
    }
    expect(recorded.map((e) => [e.data.totalAmount, e.data.totalQuantity, e.data.lines.length])).toEqual([
      ['11.77', 2, 2],
      ['77.00', 5, 1],
      ['0.00', 1, 1],
    ]);
  });

  it('refuses to build a customer without rows', () => {
    expect(() => cdnowCustomerImport('00042', [])).toThrow(/no rows/);
  });
});
