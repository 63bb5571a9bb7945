import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';
import { TcpProxy } from './ops-support/tcp-proxy';

/**
 * Liveness and readiness of both APIs. Each app reaches PostgreSQL through a TCP proxy, so the
 * test can take the database away from the running app and give it back.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let commandApi: NestFastifyApplication;
let queryApi: NestFastifyApplication;

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

beforeAll(async () => {
  db = await createTestDatabase('ops_health', PROJECTOR_MIGRATIONS);
  proxy = await TcpProxy.start(testServerUrl());
  const env = { DATABASE_URL: proxy.url(db.url), HEALTH_CHECK_TIMEOUT_MS: 1000 };
  commandApi = await ready(await createCommandApi(env, { logger: false }));
  queryApi = await ready(await createQueryApi(env, { logger: false }));
}, 60_000);

afterAll(async () => {
  await proxy?.restore();
  await commandApi?.close();
  await queryApi?.close();
  await proxy?.cut();
  await db?.drop();
});

const get = (app: NestFastifyApplication, url: string) => app.inject({ method: 'GET', url });

describe('health endpoints', () => {
  it('answers /health/live with 200 on both APIs', async () => {
    for (const app of [commandApi, queryApi]) {
      const live = await get(app, '/health/live');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    }
  }, 30_000);

  it('answers /health/ready with 200 and each dependency up while the database is reachable', async () => {
    const command = await get(commandApi, '/health/ready');
    expect(command.statusCode).toBe(200);
    expect(command.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } }, error: {} });
    expect(command.headers['cache-control']).toMatch(/no-store/);

    const query = await get(queryApi, '/health/ready');
    expect(query.statusCode).toBe(200);
    expect(query.json()).toMatchObject({
      status: 'ok',
      info: { readModels: { status: 'up' }, eventStore: { status: 'up' } },
    });
  }, 30_000);

  it('answers /health/ready with 503 naming the dependency when the database is unreachable, and recovers', async () => {
    await proxy.cut();
    try {
      const command = await get(commandApi, '/health/ready');
      expect(command.statusCode).toBe(503);
      expect(command.json()).toMatchObject({
        status: 'error',
        error: { eventStore: { status: 'down', message: expect.any(String) } },
      });

      const query = await get(queryApi, '/health/ready');
      expect(query.statusCode).toBe(503);
      expect(query.json()).toMatchObject({
        status: 'error',
        error: { readModels: { status: 'down' }, eventStore: { status: 'down' } },
      });

      // The process itself is fine: liveness does not depend on the database.
      expect((await get(commandApi, '/health/live')).statusCode).toBe(200);
      expect((await get(queryApi, '/health/live')).statusCode).toBe(200);
    } finally {
      await proxy.restore();
    }
    expect((await get(commandApi, '/health/ready')).statusCode).toBe(200);
    expect((await get(queryApi, '/health/ready')).statusCode).toBe(200);
  }, 30_000);

  it('reports Kafka down when KAFKA_BROKERS points at a port nobody listens on', async () => {
    const closed = await TcpProxy.start('postgres://127.0.0.1:1/x');
    const port = closed.port;
    await closed.cut();
    const app = await ready(
      await createCommandApi(
        { DATABASE_URL: db.url, KAFKA_BROKERS: `127.0.0.1:${port}`, HEALTH_CHECK_TIMEOUT_MS: 1000 },
        { logger: false },
      ),
    );
    try {
      const response = await get(app, '/health/ready');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        info: { eventStore: { status: 'up' } },
        error: { kafka: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  }, 30_000);
});
