import type { ConfigService } from '@nestjs/config';
import { Client } from 'pg';
import { customerDecider, type CustomerCommand } from '@crm/domain';
import { SCHEMA_VERSIONS } from '@crm/events';
import {
  ConcurrencyError,
  EventStoreSchema1763900000000,
  eventIdFor,
  PostgresEventStore,
  type EventStore,
} from '@crm/event-store';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { CommandHandler } from '../apps/command-api/src/application/command-handler.service';
import { IdempotencyKeyReusedError } from '../apps/command-api/src/application/command-errors';
import { ANY_ROLE_ALLOWED } from '../apps/command-api/src/application/stream-access';
import type { CommandApiConfig } from '../apps/command-api/src/config/command-api.config';

/**
 * The command handler's stream cache against a real PostgreSQL event store: a command reads only
 * what was appended since the stream was last folded, events appended by another writer are taken
 * in before deciding, and a stale entry costs one conflict, never a wrong decision.
 */

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('command_stream_cache', [EventStoreSchema1763900000000]);
  store = new PostgresEventStore({ connectionString: db.url });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Test double: the real store, recording each read's options and counting conflicts and look-ups. */
const recording = (inner: EventStore) => {
  const reads: Array<{ fromVersion?: number }> = [];
  let conflicts = 0;
  let lookups = 0;
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'findAppendedCommand')
        return async (...args: Parameters<EventStore['findAppendedCommand']>) => {
          lookups++;
          return target.findAppendedCommand(...args);
        };
      if (key === 'readStream')
        return async (streamId: string, options: { fromVersion?: number } = {}) => {
          reads.push({ ...(options.fromVersion !== undefined ? { fromVersion: options.fromVersion } : {}) });
          return target.readStream(streamId, options);
        };
      if (key === 'appendToStream')
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          try {
            return await target.appendToStream(...args);
          } catch (error) {
            if (error instanceof ConcurrencyError) conflicts++;
            throw error;
          }
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, reads, conflicts: () => conflicts, lookups: () => lookups };
};

const handlerOn = (s: EventStore, cacheEvents: number) => {
  const values: Record<string, number> = {
    COMMAND_MAX_RETRIES: 10,
    COMMAND_STREAM_CACHE_EVENTS: cacheEvents,
  };
  const config = { get: (key: string) => values[key] } as unknown as ConfigService<CommandApiConfig, true>;
  return new CommandHandler(s, config);
};

let n = 0;
const context = () => {
  const commandId = `cache-cmd-${++n}`;
  return {
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { userId: 'admin-1', role: 'admin' as const },
    principal: { userId: 'admin-1', role: 'admin' as const },
  };
};

const register = (customerId: string): CustomerCommand => ({
  type: 'RegisterCustomer',
  customerId,
  name: 'Cache Test',
  customerType: 'retail',
  region: 'north',
  registeredAt: '2026-01-01T00:00:00.000Z',
});
const visit = (customerId: string, visitId: string): CustomerCommand => ({
  type: 'LogVisit',
  customerId,
  visitId,
  repId: 'rep-1',
  channel: 'phone',
  activityType: 'check-in',
  cost: '1.00',
  visitedAt: '2026-01-02T00:00:00.000Z',
});

const run = (
  handler: CommandHandler,
  customerId: string,
  command: CustomerCommand,
  commandContext: ReturnType<typeof context> = context(),
) =>
  handler.handle(
    customerDecider,
    `customer-${customerId}`,
    command,
    commandContext,
    '2026-01-02T00:00:00.000Z',
    ANY_ROLE_ALLOWED,
  );

describe('command handler stream cache', () => {
  it('reads only the events after the cached version once a stream is folded', async () => {
    const r = recording(store);
    const handler = handlerOn(r.store, 1000);
    await run(handler, 'c-1', register('c-1'));
    await run(handler, 'c-1', visit('c-1', 'v-1'));
    await run(handler, 'c-1', visit('c-1', 'v-2'));
    const third = await run(handler, 'c-1', visit('c-1', 'v-3'));
    expect(third.streamVersion).toBe(3);
    // Whole (empty), whole (1 event), then from the versions folded before.
    expect(r.reads).toEqual([{}, {}, { fromVersion: 1 }, { fromVersion: 2 }]);
  });

  it('reads every stream whole with the cache off', async () => {
    const r = recording(store);
    const handler = handlerOn(r.store, 0);
    await run(handler, 'c-2', register('c-2'));
    await run(handler, 'c-2', visit('c-2', 'v-1'));
    await run(handler, 'c-2', visit('c-2', 'v-2'));
    expect(r.reads).toEqual([{}, {}, {}]);
  });

  it('takes in events another writer appended before deciding, without a conflict', async () => {
    const r = recording(store);
    const handler = handlerOn(r.store, 1000);
    await run(handler, 'c-3', register('c-3'));
    await run(handler, 'c-3', visit('c-3', 'v-1'));
    // Another writer (the importer, another API process) makes rep-9 the owner.
    await store.appendToStream(
      'customer-c-3',
      [
        {
          type: 'CustomerOwnerAssigned',
          data: {
            customerId: 'c-3',
            repId: 'rep-9',
            reason: 'territory',
            assignedAt: '2026-01-02T00:00:00.000Z',
          },
          metadata: {
            eventId: eventIdFor('other-writer', 0),
            commandId: 'other-writer',
            correlationId: 'other-writer',
            causationId: 'other-writer',
            actor: { userId: 'importer', role: 'system' },
            occurredAt: '2026-01-02T00:00:00.000Z',
            recordedAt: '2026-01-02T00:00:00.000Z',
            schemaVersion: SCHEMA_VERSIONS.CustomerOwnerAssigned,
          },
        },
      ],
      { expectedVersion: 1 },
    );
    // Refused as unchanged at once only if the handler decided on the other writer's event (a
    // decision on the cached state alone would append, conflict, and be refused on the retry).
    await expect(
      run(handler, 'c-3', {
        type: 'AssignCustomerOwner',
        customerId: 'c-3',
        repId: 'rep-9',
        reason: 'territory',
        assignedAt: '2026-01-03T00:00:00.000Z',
      }),
    ).rejects.toMatchObject({ code: 'OWNER_UNCHANGED' });
    const next = await run(handler, 'c-3', visit('c-3', 'v-2'));
    expect(next).toMatchObject({ changed: true, streamVersion: 3 });
    expect(r.conflicts()).toBe(0);
  });

  it('after a conflict the stream is read whole: a stale entry never decides', async () => {
    const r = recording(store);
    const handler = handlerOn(r.store, 1000);
    await run(handler, 'c-4', register('c-4'));
    await run(handler, 'c-4', visit('c-4', 'v-1'));
    // The log is append-only, so a cached prefix never changes; only a reset can make an entry
    // stale. After one, the append (expecting version 1) conflicts and the stream is read again.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('TRUNCATE event_store.events');
    await client.end();
    await expect(run(handler, 'c-4', visit('c-4', 'v-2'))).rejects.toThrow(
      /not registered|unknown customer|register/i,
    );
    expect(r.conflicts()).toBe(1);
    expect(r.reads).toEqual([{}, {}, { fromVersion: 1 }, {}]);
  });
});

describe('command handler idempotency (Idempotency-Key = command id)', () => {
  it.each([
    ['cache on', 1000],
    ['cache off', 0],
  ])(
    '%s: a repeat returns the first result and appends nothing; new commands need no look-up',
    async (_, cacheEvents) => {
      const r = recording(store);
      const handler = handlerOn(r.store, cacheEvents);
      const id = `idem-${cacheEvents}`;
      await run(handler, id, register(id));
      const once = context();
      const first = await run(handler, id, visit(id, 'v-1'), once);
      expect(first).toMatchObject({ changed: true, replayed: false, streamVersion: 1 });
      expect(r.lookups()).toBe(0);
      const again = await run(handler, id, visit(id, 'v-1'), once);
      expect(again).toEqual({ ...first, replayed: true });
      expect(r.lookups()).toBe(1);
      // Decided again, a repeated registration would be refused (already registered).
      const registration = (await store.readStream(`customer-${id}`))[0]!.metadata;
      const registeredAgain = await run(handler, id, register(id), {
        ...context(),
        commandId: registration.commandId,
      });
      expect(registeredAgain).toMatchObject({ changed: true, replayed: true, streamVersion: 0 });
      expect(r.lookups()).toBe(2);
      expect(await store.readStream(`customer-${id}`)).toHaveLength(2);
    },
  );

  it('refuses a command id already used on another stream, and appends nothing', async () => {
    const handler = handlerOn(store, 1000);
    const used = context();
    await run(handler, 'idem-a', register('idem-a'), used);
    await expect(run(handler, 'idem-b', register('idem-b'), used)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await store.readStream('customer-idem-b')).toEqual([]);
    expect(await store.readStream('customer-idem-a')).toHaveLength(1);
  });
});
