import { customerDecider, isDomainError, type CustomerCommand } from '@crm/domain';
import { SCHEMA_VERSIONS, type Actor, type CustomerEvent, type RecordedEvent } from '@crm/events';
import { eventIdFor, type EventToAppend, type ExpectedVersion } from '@crm/event-store';
import type { CustomerImport, ImportCommand, RefusedRow } from './customer-import';

/** Who runs the import and when it records; shared by every command of a batch. */
export interface ImportContext {
  /** Links every event of one import run. */
  correlationId: string;
  actor: Actor;
  /** When the events are recorded (ISO-8601); the business time comes from each command. */
  recordedAt: string;
}

/** What one customer's commands add to its stream, decided on its current history. */
export interface CustomerDecision {
  customerId: string;
  streamId: string;
  /** The stream's version the events were decided on. */
  expectedVersion: ExpectedVersion;
  events: EventToAppend[];
  refused: RefusedRow[];
  registered: 'now' | 'before' | 'refused';
  ordersRecorded: number;
  ordersBefore: number;
}

const refusal = (line: number, error: unknown): RefusedRow => {
  if (!isDomainError(error)) throw error;
  const field = error.field ? ` (${error.field})` : '';
  return { line, reason: `${error.code}${field}: ${error.message}` };
};

/**
 * The command path of the HTTP API, for a whole customer at once: fold the stream's history with
 * the customer decider once, then decide each command on the evolving state, with event ids
 * derived from the command id. A command whose id is in the history already was imported before
 * and is skipped (the store would append nothing for it anyway). A command the domain refuses is
 * reported with its source lines and contributes nothing; if the registration is refused, so is
 * every order of the customer.
 */
export function decideCustomerImport(
  customer: CustomerImport,
  history: RecordedEvent[],
  context: ImportContext,
): CustomerDecision {
  let state = customerDecider.initialState();
  const seen = new Set<string>();
  for (const event of history) {
    state = customerDecider.evolve(state, event as unknown as CustomerEvent);
    seen.add(event.metadata.commandId);
  }
  const last = history[history.length - 1];
  const decision: CustomerDecision = {
    customerId: customer.customerId,
    streamId: customer.streamId,
    expectedVersion: last ? last.streamVersion : 'no_stream',
    events: [],
    refused: [],
    registered: 'now',
    ordersRecorded: 0,
    ordersBefore: 0,
  };

  const run = (item: ImportCommand<CustomerCommand>): boolean => {
    let decided: CustomerEvent[];
    try {
      decided = customerDecider.decide(item.command, state);
    } catch (error) {
      decision.refused.push(...item.lines.map((line) => refusal(line, error)));
      return false;
    }
    decided.forEach((event, index) => {
      state = customerDecider.evolve(state, event);
      decision.events.push({
        ...event,
        metadata: {
          eventId: eventIdFor(item.commandId, index),
          commandId: item.commandId,
          correlationId: context.correlationId,
          causationId: context.correlationId,
          actor: context.actor,
          occurredAt: item.occurredAt,
          recordedAt: context.recordedAt,
          schemaVersion: SCHEMA_VERSIONS[event.type],
        },
      });
    });
    return true;
  };

  if (seen.has(customer.registration.commandId)) decision.registered = 'before';
  else if (!run(customer.registration)) {
    const reason = decision.refused[0]?.reason ?? 'refused';
    decision.registered = 'refused';
    decision.refused = customer.orders.flatMap((order) =>
      order.lines.map((line) => ({
        line,
        reason: `customer ${customer.customerId} could not be registered: ${reason}`,
      })),
    );
    return { ...decision, events: [] };
  }
  for (const order of customer.orders) {
    if (seen.has(order.commandId)) decision.ordersBefore++;
    else if (run(order)) decision.ordersRecorded++;
  }
  return decision;
}
