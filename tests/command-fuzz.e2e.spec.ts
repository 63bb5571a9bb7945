import fc from 'fast-check';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { PostgresEventStore } from '@crm/event-store';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { createCommandApi } from '../apps/command-api/src/command-api.app';
import { PROJECTOR_MIGRATIONS } from '../apps/projector/src/projector.app';
import {
  COMMAND_ENDPOINTS,
  seedFuzzFixture,
  urlOf,
  type CommandEndpoint,
} from './fault-support/command-catalogue';
import { AUTH_ENV, prepareCredentials, requestHeaders } from './fault-support/headers';
import { hostileBody, hostileHeaders, malformedJson } from './fault-support/hostile-input';

/**
 * Property-based bad input: generated bodies, JSON and headers are thrown at every command
 * endpoint. Whatever arrives, the command API never answers 5xx, and a refusal (4xx) names the
 * offending field or a code and appends nothing to the global log. A failure prints fast-check's
 * seed and the shrunk counterexample; FUZZ_RUNS sets the runs per endpoint.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let db: TestDatabase;
let api: NestFastifyApplication;
let store: PostgresEventStore;
let sql: Client;
const statuses = new Map<string, Map<number, number>>();

beforeAll(async () => {
  await prepareCredentials();
  db = await createTestDatabase('command_fuzz', PROJECTOR_MIGRATIONS);
  api = await createCommandApi({ DATABASE_URL: db.url, ...AUTH_ENV }, { logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  store = new PostgresEventStore({ connectionString: db.url });
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  await seedFuzzFixture((url, body) =>
    api.inject({ method: 'POST', url, payload: body, headers: requestHeaders() }),
  );
}, 60_000);

afterAll(async () => {
  for (const [endpoint, counts] of statuses)
    console.log(
      `${endpoint}: ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
  await sql?.end();
  await api?.close();
  await store?.close();
  await db?.drop();
});

/** Size and end of the global log: equal before and after a request that appended nothing. */
const logHead = async () =>
  (
    await sql.query<{ events: number; last: string }>(
      `SELECT count(*)::int AS events, coalesce(max(global_position), 0)::text AS last FROM event_store.events`,
    )
  ).rows[0]!;

const count = (endpoint: CommandEndpoint, status: number) => {
  const key = `${endpoint.method} ${endpoint.route}`;
  const counts = statuses.get(key) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  statuses.set(key, counts);
};

interface ErrorAnswer {
  code?: unknown;
  errors?: Array<{ field?: unknown }>;
}

/** A refusal says what was wrong: a code, or the fields at fault. */
const explains = (body: ErrorAnswer): boolean =>
  typeof body.code === 'string' ||
  (Array.isArray(body.errors) &&
    body.errors.length > 0 &&
    // An unknown field may have any name, the empty one included: it is named as sent.
    body.errors.every((e) => typeof e.field === 'string'));

/** JSON text of a (possibly broken) body, or malformed JSON as is. */
const payloadOf = (endpoint: CommandEndpoint): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: hostileBody(endpoint.body).map((b) => JSON.stringify(b) ?? 'null') },
    { weight: 1, arbitrary: malformedJson },
  );

describe('command API under generated bad input', () => {
  it('the fuzzed endpoints are exactly the command routes the API serves', async () => {
    const response = await api.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, unknown>>;
    const served = Object.entries(paths)
      .flatMap(([route, methods]) =>
        Object.keys(methods)
          .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${route}`),
      )
      .sort();
    const fuzzed = COMMAND_ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort();
    expect(fuzzed).toEqual(served);
  });

  it.each(COMMAND_ENDPOINTS.map((e) => [`${e.method} ${e.route}`, e] as const))(
    '%s never answers 5xx, and a refusal names its reason and appends nothing',
    async (_, endpoint) => {
      await fc.assert(
        fc.asyncProperty(
          endpoint.params,
          payloadOf(endpoint),
          hostileHeaders,
          async (params, payload, headers) => {
            const before = await logHead();
            const response = await api.inject({
              method: endpoint.method,
              url: urlOf(endpoint.route, params),
              payload,
              headers: requestHeaders({ 'content-type': 'application/json', ...headers }),
            });
            count(endpoint, response.statusCode);
            if (response.statusCode >= 500) throw new Error(`${response.statusCode}: ${response.body}`);
            if (response.statusCode >= 400) {
              const body = response.json() as ErrorAnswer;
              if (!explains(body)) throw new Error(`refusal without a field or code: ${response.body}`);
              expect(await logHead()).toEqual(before);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    120_000,
  );

  it('refuses a body over the configured limit with 413 and appends nothing', async () => {
    const limit = api.get(ConfigService).get<number>('BODY_LIMIT_BYTES')!;
    const before = await logHead();
    const filler = 'x'.repeat(limit);
    const response = await api.inject({
      method: 'POST',
      url: '/reps',
      payload: JSON.stringify({ repId: 'rep-huge', name: filler, region: 'east' }),
      headers: requestHeaders({ 'content-type': 'application/json' }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(await logHead()).toEqual(before);
    expect(await store.readStream('rep-rep-huge')).toHaveLength(0);
  });
});
