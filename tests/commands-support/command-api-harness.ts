import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import type { RecordedEvent } from '@crm/events';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS } from '../../apps/projector/src/projector.app';

type Method = 'POST' | 'PUT' | 'PATCH';

export interface Refusal {
  status: 400 | 403 | 404 | 409;
  code?: string;
  field?: string;
}

/**
 * The command API alone, in-process, on a fresh migrated database, with the event store to read
 * what it appended. Requests go through Fastify's injection and carry an admin token unless the
 * headers name another `authorization` (the API verifies tokens signed with the test secret).
 */
export class CommandApiHarness {
  private constructor(
    readonly db: TestDatabase,
    readonly api: NestFastifyApplication,
    readonly store: PostgresEventStore,
    /** The default headers: an admin's bearer token. */
    readonly adminAuth: Record<string, string>,
  ) {}

  static async create(label: string): Promise<CommandApiHarness> {
    const db = await createTestDatabase(label, PROJECTOR_MIGRATIONS);
    const api = await createCommandApi({ DATABASE_URL: db.url, ...TEST_AUTH_CONFIG }, { logger: false });
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    return new CommandApiHarness(
      db,
      api,
      new PostgresEventStore({ connectionString: db.url }),
      await authHeaders('admin'),
    );
  }

  send(method: Method, url: string, payload: unknown, headers: Record<string, string> = {}) {
    return this.api.inject({
      method,
      url,
      payload: payload as object,
      headers: { ...this.adminAuth, ...headers },
    });
  }

  post(url: string, payload: unknown, headers: Record<string, string> = {}) {
    return this.send('POST', url, payload, headers);
  }

  /** 201, and the stream's last event is of `type` at the version the answer names; that event. */
  async expectAppended(
    response: LightMyRequestResponse,
    streamId: string,
    type: string,
  ): Promise<RecordedEvent> {
    expect({ status: response.statusCode, body: response.json() }).toMatchObject({
      status: 201,
      body: { streamId, changed: true, replayed: false },
    });
    const events = await this.store.readStream(streamId);
    const last = events[events.length - 1]!;
    expect(last.type).toBe(type);
    expect(last.streamVersion).toBe(response.json().streamVersion);
    return last;
  }

  /** The request is refused as expected (status, code, offending field) and the stream is as before. */
  async expectRefused(
    streamId: string,
    request: () => Promise<LightMyRequestResponse>,
    { status, code, field }: Refusal,
  ): Promise<void> {
    const before = await this.store.readStream(streamId);
    const response = await request();
    expect(response.statusCode).toBe(status);
    if (code) expect(response.json().code).toBe(code);
    if (field) expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await this.store.readStream(streamId)).toEqual(before);
  }

  async close(): Promise<void> {
    await this.api.close();
    await this.store.close();
    await this.db.drop();
  }
}
