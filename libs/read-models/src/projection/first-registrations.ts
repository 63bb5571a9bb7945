import type { CustomerRegistered } from '@crm/events';
import type { LogEvent } from '@crm/event-store';

/**
 * The first registration of each customer in a batch, for a projection that inserts customer rows
 * (unless there) and then applies the batch's other events to them. The insert tells which rows it
 * made; an event before the registration that made its customer's row found no row when applied
 * one by one, so the batch leaves it out too.
 */
export class FirstRegistrations {
  readonly list: Array<{ data: CustomerRegistered['data']; globalPosition: string }> = [];
  /** Per customer, the index in the batch of its first registration. */
  private readonly index = new Map<string, number>();

  constructor(events: readonly LogEvent[]) {
    events.forEach((event, i) => {
      if (event.type !== 'CustomerRegistered') return;
      const d = event.data as CustomerRegistered['data'];
      if (this.index.has(d.customerId)) return;
      this.index.set(d.customerId, i);
      this.list.push({ data: d, globalPosition: event.globalPosition });
    });
  }

  /** Whether the batch's i-th event, on `customerId`, found its row, `inserted` the rows the batch made. */
  foundRow(customerId: string, i: number, inserted: ReadonlySet<string>): boolean {
    return !inserted.has(customerId) || i >= this.index.get(customerId)!;
  }
}
