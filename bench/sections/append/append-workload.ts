import { randomUUID } from 'node:crypto';
import { customerDecider, type RecordOrder } from '@crm/domain';
import { SCHEMA_VERSIONS, type EventMetadata } from '@crm/events';
import { eventIdFor, type EventToAppend } from '@crm/event-store';
import { buildCatalog, type Sku } from '../../data/catalog';
import type { GeneratedCustomer } from '../../data/crm-dataset';
import { orderLines } from '../../data/customer-activity';
import { Prng } from '../../data/prng';

/**
 * The append workload: each client writes orders (1–5 lines) to its own customers, so that
 * concurrent clients never race on one stream and every contender does the same work.
 */
export class AppendWorkload {
  private readonly catalog: Sku[] = buildCatalog();
  private readonly rnd = new Prng(4242);
  private orderSeq = 0;

  constructor(
    readonly customers: GeneratedCustomer[],
    readonly runTag: string,
  ) {}

  /** The n-th customer of a client among `clients`: customers are dealt out to clients like cards. */
  customerFor(client: number, clients: number, n: number): GeneratedCustomer {
    const owned = Math.floor((this.customers.length - 1 - client) / clients) + 1;
    if (owned <= 0)
      throw new Error(`${clients} clients need at least as many customers (have ${this.customers.length})`);
    return this.customers[client + clients * (n % owned)]!;
  }

  /** A RecordOrder command for the customer, with a fresh order id and the current time. */
  orderCommand(customer: GeneratedCustomer): RecordOrder {
    const { lines } = orderLines(this.rnd, this.catalog);
    return {
      type: 'RecordOrder',
      customerId: customer.customerId,
      orderId: `bo-${this.runTag}-${this.orderSeq++}`,
      repId: customer.ownerRepId,
      channel: 'direct',
      lines,
      orderedAt: new Date().toISOString(),
    };
  }

  /** The HTTP body of the same command (the command API computes the amounts). */
  orderBody(customer: GeneratedCustomer): string {
    const { type: _type, customerId: _customerId, ...body } = this.orderCommand(customer);
    return JSON.stringify(body);
  }

  /** The OrderRecorded event the decider makes of such a command, with its metadata. */
  orderEvent(customer: GeneratedCustomer): EventToAppend {
    const command = this.orderCommand(customer);
    const state = { ...customerDecider.initialState(), registered: true, customerId: customer.customerId };
    const [event] = customerDecider.decide(command, state);
    return {
      ...event!,
      metadata: metadataFor(randomUUID(), customer.ownerRepId, command.orderedAt, event!.type),
    };
  }
}

export const metadataFor = (
  commandId: string,
  repId: string,
  occurredAt: string,
  type: string,
): EventMetadata => ({
  eventId: eventIdFor(commandId, 0),
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { userId: repId, role: 'rep' },
  occurredAt,
  recordedAt: new Date().toISOString(),
  schemaVersion: SCHEMA_VERSIONS[type as keyof typeof SCHEMA_VERSIONS],
});
