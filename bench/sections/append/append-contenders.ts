import { randomUUID } from 'node:crypto';
import type { ConfigService } from '@nestjs/config';
import { CommandHandler as EmmettCommandHandler, type Event } from '@event-driven-io/emmett';
import type { PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { customerDecider, type CustomerState } from '@crm/domain';
import type { CustomerEvent } from '@crm/events';
import type { PostgresEventStore } from '@crm/event-store';
import { CommandHandler } from '../../../apps/command-api/src/application/command-handler.service';
import { CommandApiConfig } from '../../../apps/command-api/src/config/command-api.config';
import { customerAccess } from '../../../apps/command-api/src/customers/customer-access';
import { toPeerEvent } from '../../peer/emmett-peer';
import type { AppendWorkload } from './append-workload';
import { metadataFor } from './append-workload';

/** One append operation of a client; returns how many events or rows it wrote. */
export type AppendOp = (client: number, n: number) => Promise<number>;

/** Our command path in-process: the command API's own CommandHandler (load, fold, decide, append). */
export function oursCommand(store: PostgresEventStore, workload: AppendWorkload, clients: number): AppendOp {
  // The command API's defaults (COMMAND_MAX_RETRIES, COMMAND_STREAM_CACHE_EVENTS), or the environment's.
  const defaults = new CommandApiConfig();
  const config = {
    get: (key: keyof CommandApiConfig) =>
      process.env[key] !== undefined ? Number(process.env[key]) : defaults[key],
  } as unknown as ConfigService<CommandApiConfig, true>;
  const handler = new CommandHandler(store, config);
  return async (client, n) => {
    const customer = workload.customerFor(client, clients, n);
    const command = workload.orderCommand(customer);
    const commandId = randomUUID();
    await handler.handle(
      customerDecider,
      customer.streamId,
      command,
      {
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { userId: customer.ownerRepId, role: 'rep' },
        principal: { userId: customer.ownerRepId, role: 'rep' },
      },
      command.orderedAt,
      customerAccess({ userId: customer.ownerRepId, role: 'rep' }),
    );
    return 1;
  };
}

/** The peer's command path: Emmett's CommandHandler (aggregate the stream, decide, append) with the same decider. */
export function peerCommand(store: EmmettStore, workload: AppendWorkload, clients: number): AppendOp {
  const handle = EmmettCommandHandler<CustomerState, Event>({
    evolve: (state, event) => customerDecider.evolve(state, event as unknown as CustomerEvent),
    initialState: customerDecider.initialState,
  });
  return async (client, n) => {
    const customer = workload.customerFor(client, clients, n);
    const command = workload.orderCommand(customer);
    const commandId = randomUUID();
    await handle(
      store,
      customer.streamId,
      (state) =>
        customerDecider.decide(command, state).map((e) =>
          toPeerEvent({
            ...e,
            metadata: metadataFor(commandId, customer.ownerRepId, command.orderedAt, e.type),
          }),
        ) as unknown as Event[],
    );
    return 1;
  };
}

/** Each stream's current version in our store (kept across runs: appends move it on). */
export const oursVersions = (workload: AppendWorkload) =>
  new Map(workload.customers.map((c) => [c.streamId, c.version]));

/** The same for the peer, which counts stream versions from 1: after n events a stream is at n. */
export const peerVersions = (workload: AppendWorkload) =>
  new Map(workload.customers.map((c) => [c.streamId, BigInt(c.version + 1)]));

/** Our event store alone: appendToStream of one decided event with its expected version. */
export function oursAppend(
  store: PostgresEventStore,
  workload: AppendWorkload,
  clients: number,
  versions: Map<string, number>,
): AppendOp {
  return async (client, n) => {
    const customer = workload.customerFor(client, clients, n);
    const result = await store.appendToStream(customer.streamId, [workload.orderEvent(customer)], {
      expectedVersion: versions.get(customer.streamId)!,
    });
    versions.set(customer.streamId, result.streamVersion);
    return 1;
  };
}

/** The peer's event store alone: appendToStream of the same event with its expected version. */
export function peerAppend(
  store: EmmettStore,
  workload: AppendWorkload,
  clients: number,
  versions: Map<string, bigint>,
): AppendOp {
  return async (client, n) => {
    const customer = workload.customerFor(client, clients, n);
    const result = await store.appendToStream(
      customer.streamId,
      [toPeerEvent(workload.orderEvent(customer))],
      {
        expectedStreamVersion: versions.get(customer.streamId)!,
      },
    );
    versions.set(customer.streamId, result.nextExpectedStreamVersion);
    return 1;
  };
}

export const FLOOR_DDL = [
  'CREATE SCHEMA IF NOT EXISTS bench_floor',
  `CREATE TABLE bench_floor.plain (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL,
     metadata jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
];

/** Payloads of the same size as the events the contenders append (serialised once, up front). */
export function floorPayloads(workload: AppendWorkload, count = 500): Array<[string, string, string]> {
  return Array.from({ length: count }, (_, i) => {
    const customer = workload.customers[i % workload.customers.length]!;
    const event = workload.orderEvent(customer);
    return [customer.streamId, JSON.stringify(event.data), JSON.stringify(event.metadata)];
  });
}

/** The floor: one plain single-row INSERT per operation (one commit each). */
export function floorSingle(pool: Pool, payloads: Array<[string, string, string]>): AppendOp {
  return async (client, n) => {
    await pool.query(
      'INSERT INTO bench_floor.plain (stream_id, data, metadata) VALUES ($1, $2, $3)',
      payloads[(client * 7919 + n) % payloads.length],
    );
    return 1;
  };
}

/** The floor for batches: one INSERT of `rows` rows per operation. */
export function floorBatched(pool: Pool, payloads: Array<[string, string, string]>, rows: number): AppendOp {
  return async (client, n) => {
    const batch = Array.from(
      { length: rows },
      (_, i) => payloads[(client * 7919 + n * rows + i) % payloads.length]!,
    );
    await pool.query(
      'INSERT INTO bench_floor.plain (stream_id, data, metadata) SELECT * FROM unnest($1::text[], $2::jsonb[], $3::jsonb[])',
      [batch.map((b) => b[0]), batch.map((b) => b[1]), batch.map((b) => b[2])],
    );
    return rows;
  };
}
