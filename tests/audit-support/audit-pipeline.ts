import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PostgresEventStore } from '@crm/event-store';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor } from '@crm/testing';
import { createCommandApi } from '../../apps/command-api/src/command-api.app';
import { createQueryApi } from '../../apps/query-api/src/query-api.app';
import { PROJECTOR_MIGRATIONS, startProjector } from '../../apps/projector/src/projector.app';

type Injected = Awaited<ReturnType<NestFastifyApplication['inject']>>;

/** Who sends a command: the subject and role of the token it carries (a manager looks after east). */
export interface As {
  userId: string;
  role: 'rep' | 'manager' | 'admin';
}

export interface AuditPipeline {
  queryApi: NestFastifyApplication;
  store: PostgresEventStore;
  /** Sends a command; fails the test unless it answers 2xx. Returns the answer body. */
  send(
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload: unknown,
    as?: As,
  ): Promise<{ consistencyToken: string; globalPosition: string }>;
  get(url: string, headers?: Record<string, string>): Promise<Injected>;
  /** Waits until every projection has passed the position of the last command sent. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

/**
 * Command API, projector and query API in-process on a fresh database (as
 * tests/audit-consistency.e2e.spec.ts boots them); commands go through HTTP injection.
 */
export async function startAuditPipeline(label: string): Promise<AuditPipeline> {
  const db = await createTestDatabase(label, PROJECTOR_MIGRATIONS);
  const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, ...TEST_AUTH_CONFIG };
  const admin = await authHeaders('admin');
  const commandApi = await ready(await createCommandApi(env, { logger: false }));
  const queryApi = await ready(await createQueryApi(env, { logger: false }));
  const projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });
  const store = new PostgresEventStore({ connectionString: db.url });
  let lastToken: string | null = null;

  const get = (url: string, headers: Record<string, string> = {}) =>
    queryApi.inject({ method: 'GET', url, headers: { ...admin, ...headers } });

  return {
    queryApi,
    store,
    get,
    send: async (method, url, payload, as = { userId: 'u-test', role: 'admin' }) => {
      const response = await commandApi.inject({
        method,
        url,
        payload: payload as object,
        headers: await authHeaders(as.role, { sub: as.userId }),
      });
      if (response.statusCode >= 300)
        throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
      const body = response.json();
      lastToken = body.consistencyToken;
      return body;
    },
    settle: async () => {
      if (lastToken === null) return;
      const token = lastToken;
      await waitFor(
        () => get('/audit?limit=1', { 'x-consistency-token': token }),
        (r) => r.headers['x-consistency'] === 'fresh',
        { what: 'the projections to pass the last command', timeoutMs: 20_000 },
      );
    },
    close: async () => {
      await projector.stop();
      await commandApi.close();
      await queryApi.close();
      await store.close();
      await db.drop();
    },
  };
}
