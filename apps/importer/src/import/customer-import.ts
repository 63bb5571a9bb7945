import type { RecordOrder, RegisterCustomer } from '@crm/domain';

/** A command built from source rows, with the deterministic id that makes it idempotent. */
export interface ImportCommand<C = RegisterCustomer | RecordOrder> {
  /** Event ids derive from it: importing the same row again appends nothing. */
  commandId: string;
  command: C;
  /** Business time of the fact it records (the events' `occurredAt`). */
  occurredAt: string;
  /** 1-based line numbers of the source rows it comes from (refusals name them). */
  lines: number[];
}

/** Everything to import into one customer's stream: its registration, then its orders. */
export interface CustomerImport {
  customerId: string;
  streamId: string;
  registration: ImportCommand<RegisterCustomer>;
  orders: ImportCommand<RecordOrder>[];
}

/** A source row that was not imported, and why; nothing of it was written. */
export interface RefusedRow {
  line: number;
  reason: string;
}
