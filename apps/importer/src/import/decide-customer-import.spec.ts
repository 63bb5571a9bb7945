import type { RecordedEvent } from '@crm/events';
import { eventIdFor } from '@crm/event-store';
import { cdnowCustomerImport, type SequencedRow } from '../cdnow/cdnow-commands';
import { decideCustomerImport, type ImportContext } from './decide-customer-import';

const context: ImportContext = {
  correlationId: 'import-test',
  actor: { userId: 'cdnow-importer', role: 'system' },
  recordedAt: '2026-01-01T00:00:00.000Z',
};

const row = (line: number, date: string, sequence = 1): SequencedRow => ({
  line,
  customerId: '00042',
  date,
  cds: 2,
  cents: 1177n,
  sequence,
});

const customer = cdnowCustomerImport('00042', [
  row(2, '19970101'),
  row(3, '19970101', 2),
  row(4, '19970205'),
]);

/** The decided events as the store would return them. */
const stored = (events: ReturnType<typeof decideCustomerImport>['events']): RecordedEvent[] =>
  events.map((event, i) => ({
    ...event,
    streamId: customer.streamId,
    streamVersion: i,
    globalPosition: String(i + 1),
  }));

describe('deciding a customer import', () => {
  it('registers a new customer and records each order, with event ids derived from the command ids', () => {
    const decision = decideCustomerImport(customer, [], context);
    expect(decision.expectedVersion).toBe('no_stream');
    expect(decision.registered).toBe('now');
    expect(decision.ordersRecorded).toBe(3);
    expect(decision.events.map((e) => e.type)).toEqual([
      'CustomerRegistered',
      'OrderRecorded',
      'OrderRecorded',
      'OrderRecorded',
    ]);
    expect(decision.events[1]!.metadata).toEqual({
      eventId: eventIdFor('cdnow:00042:19970101:1:2:11.77', 0),
      commandId: 'cdnow:00042:19970101:1:2:11.77',
      correlationId: 'import-test',
      causationId: 'import-test',
      actor: { userId: 'cdnow-importer', role: 'system' },
      occurredAt: '1997-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    });
  });

  it('decides nothing again for commands already in the stream, and the rest on top of them', () => {
    const first = decideCustomerImport(customer, [], context);
    const history = stored(first.events.slice(0, 2));
    const again = decideCustomerImport(customer, history, context);
    expect(again.expectedVersion).toBe(1);
    expect(again.registered).toBe('before');
    expect(again.ordersBefore).toBe(1);
    expect(again.events.map((e) => e.metadata.commandId)).toEqual(
      first.events.slice(2).map((e) => e.metadata.commandId),
    );
    expect(decideCustomerImport(customer, stored(first.events), context).events).toEqual([]);
  });

  it('refuses a row whose order id was recorded with other content, naming its line', () => {
    const first = decideCustomerImport(customer, [], context);
    const changed = cdnowCustomerImport('00042', [{ ...row(9, '19970101'), cents: 999n }]);
    const decision = decideCustomerImport(changed, stored(first.events), context);
    expect(decision.events).toEqual([]);
    expect(decision.refused).toEqual([
      {
        line: 9,
        reason:
          'ORDER_ALREADY_RECORDED: Order cdnow-00042-19970101-1 is already recorded for customer cdnow-00042',
      },
    ]);
  });

  it('refuses every row of a customer whose registration the domain refuses', () => {
    const registeredElsewhere = stored([
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'cdnow-00042',
          name: 'Other',
          type: 'direct',
          region: 'east',
          registeredAt: '2020-01-01T00:00:00Z',
        },
        metadata: { ...decideCustomerImport(customer, [], context).events[0]!.metadata, commandId: 'http-1' },
      },
    ]);
    const decision = decideCustomerImport(customer, registeredElsewhere, context);
    expect(decision.registered).toBe('refused');
    expect(decision.events).toEqual([]);
    expect(decision.refused.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(decision.refused[0]!.reason).toMatch(
      /^customer cdnow-00042 could not be registered: CUSTOMER_ALREADY_REGISTERED/,
    );
  });
});
