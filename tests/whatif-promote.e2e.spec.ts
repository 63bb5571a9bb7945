import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@crm/event-store';
import { lifecycleFunnel, type FunnelMonthRow } from '@crm/read-models';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor, type TestDatabase } from '@crm/testing';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import { silentProgress } from '../apps/importer/src/import/import-progress';
import {
  PROJECTOR_MIGRATIONS,
  startProjector,
  type RunningProjector,
} from '../apps/projector/src/projector.app';
import { createQueryApi } from '../apps/query-api/src/query-api.app';

/**
 * What-if over HTTP on the query API, with the projector running: start a replay of the CDNOW
 * sample under a candidate (10% / 30%, shorter lifecycle), follow its progress, compare, then
 * promote and roll back while readers keep querying. Every answer must be whole: the live policy
 * with its own lifecycle, never a mix, and no query may fail.
 */
jest.setTimeout(240_000);

const SAMPLE = path.resolve(__dirname, '../../shared/datasets/cdnow/CDNOW_sample.txt');
const AS_OF = '1998-07-01T00:00:00.000Z';
const N = 2357;
/** An admin's token (analyst-1): what-if is for admins, and the actor is the token's. */
let HEADERS: Record<string, string>;
const HEADERS_ACTOR = { userId: 'analyst-1', role: 'admin' };
const candidate = {
  abc: { measure: 'revenue', windowMonths: 12, aPercent: 10, abPercent: 30 },
  lifecycle: { newWithinDays: 60, atRiskAfterDays: 60, dormantAfterDays: 120 },
  rfm: { buckets: 5 },
};
const sizesFor = (a: number, ab: number) => ({
  A: Math.ceil(a * N),
  B: Math.ceil(ab * N) - Math.ceil(a * N),
  C: N - Math.ceil(ab * N),
});
const OLD_SIZES = sizesFor(0.05, 0.2);
const NEW_SIZES = sizesFor(0.1, 0.3);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const sizesOf = (classes: Array<{ abcClass: string; customers: number }>) =>
  Object.fromEntries(classes.map((c) => [c.abcClass, c.customers]));

let db: TestDatabase;
let queryApi: NestFastifyApplication;
let projector: RunningProjector;
let dataSource: DataSource;

const get = (url: string, headers: Record<string, string> = {}) =>
  queryApi.inject({ method: 'GET', url, headers: { ...HEADERS, ...headers } });
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  queryApi.inject({ method: 'POST', url, payload, headers: { ...HEADERS, ...headers } });

beforeAll(async () => {
  db = await createTestDatabase('whatif_promote', PROJECTOR_MIGRATIONS);
  const store = new PostgresEventStore({ connectionString: db.url });
  await importCdnowFile(SAMPLE, store, { batchSize: 500, progress: silentProgress });
  await store.close();
  HEADERS = await authHeaders('admin', { sub: 'analyst-1' });
  const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, ...TEST_AUTH_CONFIG };
  queryApi = await createQueryApi(env, { logger: false });
  await queryApi.init();
  await queryApi.getHttpAdapter().getInstance().ready();
  projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });
  dataSource = await new DataSource({ type: 'postgres', url: db.url, logging: false }).initialize();
  await waitFor(
    () => get(`/analytics/abc?asOf=${AS_OF}`),
    (r) => r.statusCode === 200 && r.json().population === N && r.json().totalRevenue !== '0.00',
    { timeoutMs: 120_000, intervalMs: 250, what: 'the CDNOW sample to be projected' },
  );
  await waitFor(
    () => dataSource.query(`SELECT count(*)::int AS n FROM read_models.order_fact`),
    (rows: Array<{ n: number }>) => rows[0]!.n === 6919,
    { timeoutMs: 120_000, intervalMs: 250, what: 'every order to be projected' },
  );
});
afterAll(async () => {
  await projector?.stop();
  await queryApi?.close();
  await dataSource?.destroy();
  await db?.drop();
});

describe('what-if endpoints', () => {
  it('refuse a candidate the segmentation rules refuse, naming the field', async () => {
    const bad = await post('/whatif/runs', {
      policy: { ...candidate, abc: { ...candidate.abc, aPercent: 40 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'policy.abc.abPercent' })]);
    const missing = await post('/whatif/runs', { policy: { abc: candidate.abc, rfm: candidate.rfm } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: Json) => e.field)).toContain('policy.lifecycle');
    expect((await get('/whatif/runs/999999')).statusCode).toBe(404);
  });

  it('replay, compare, promote and roll back while queries run: no query fails or sees a half-switched state', async () => {
    // start, then follow the progress
    const started = await post('/whatif/runs', { policy: candidate, label: '10/30', batchSize: 500 });
    expect(started.statusCode).toBe(202);
    const runId: number = started.json().id;
    expect(started.json()).toMatchObject({
      status: 'running',
      schema: `whatif_${runId}`,
      startedBy: HEADERS_ACTOR,
    });
    const done = await waitFor(
      () => get(`/whatif/runs/${runId}`).then((r) => r.json() as Json),
      (r) => r.status !== 'running',
      { timeoutMs: 120_000, intervalMs: 100, what: 'the replay to finish' },
    );
    expect(done).toMatchObject({
      status: 'completed',
      eventsRead: 9276,
      eventsTotal: 9276,
      fraction: 1,
      etaSeconds: 0,
    });
    expect(done.eventsPerSecond).toBeGreaterThan(0);

    const comparison = (await get(`/whatif/runs/${runId}/comparison?asOf=${AS_OF}`)).json() as Json;
    expect(comparison.inSync).toBe(true);
    expect(comparison.livePolicyVersion).toBeNull();
    expect(sizesOf(comparison.live.abc.classes)).toEqual(OLD_SIZES);
    expect(sizesOf(comparison.candidate.abc.classes)).toEqual(NEW_SIZES);
    expect(comparison.classMatrix.total).toBe(N);
    const movers = (
      await get(`/whatif/runs/${runId}/movers?asOf=${AS_OF}&kind=class&limit=7`)
    ).json() as Json;
    expect(movers).toMatchObject({
      total: comparison.classMatrix.moved,
      nextCursor: movers.items[6].customerId,
    });
    expect(movers.items).toHaveLength(7);

    // what readers may see: the state before (default policy) or after (the candidate), whole
    const funnelUrl = `/analytics/funnel?from=1997-01&to=1998-06&asOf=${AS_OF}`;
    const oldFunnel = (await get(funnelUrl)).json().months as FunnelMonthRow[];
    const newFunnel = await lifecycleFunnel(
      dataSource,
      '1997-01',
      '1998-06',
      new Date(AS_OF),
      `whatif_${runId}`,
    );
    expect(newFunnel).not.toEqual(oldFunnel);
    const oldStages = comparison.live.stages;
    const newStages = comparison.candidate.stages;

    const answers: Array<{ url: string; status: number; body: Json }> = [];
    let reading = true;
    const reader = async (url: string) => {
      while (reading) {
        const r = await get(url);
        answers.push({ url, status: r.statusCode, body: r.json() });
      }
    };
    const urls = [
      `/analytics/abc?asOf=${AS_OF}`,
      funnelUrl,
      `/whatif/runs/${runId}/comparison?asOf=${AS_OF}`,
    ];
    const readers = Promise.all(urls.map(reader));
    /** Until every reader has answered twice more (once at least after the state now). */
    const eachReaderAnswers = async () => {
      const mark = answers.length;
      await waitFor(
        async () => answers.slice(mark),
        (later) => urls.every((u) => later.filter((a) => a.url === u).length >= 2),
        { timeoutMs: 30_000, what: 'every reader to answer' },
      );
    };
    try {
      await eachReaderAnswers();
      const promoted = await post(
        `/whatif/runs/${runId}/promote`,
        { reason: 'wider A and B' },
        { 'idempotency-key': 'promote-1' },
      );
      expect(promoted.statusCode).toBe(201);
      expect(promoted.json()).toMatchObject({ version: 1, previousVersion: 0, replayed: false });
      const afterPromote = await get(`/analytics/abc?asOf=${AS_OF}`, {
        'x-consistency-token': promoted.json().consistencyToken,
      });
      expect(afterPromote.headers['x-consistency']).toBe('fresh');
      expect(afterPromote.json().policyVersion).toBe(1);
      expect(sizesOf(afterPromote.json().classes)).toEqual(NEW_SIZES);
      expect((await get(funnelUrl)).json().months).toEqual(newFunnel);
      // the promoted live lifecycle is the shadow's, row for row
      const lifecycle = (schema: string) =>
        dataSource.query(
          `SELECT customer_id, at, from_stage, to_stage FROM ${schema}.lifecycle_transition ORDER BY 1, 2`,
        );
      expect(await lifecycle('read_models')).toEqual(await lifecycle(`whatif_${runId}`));
      await eachReaderAnswers();

      const rolledBack = await post(`/whatif/runs/${runId}/rollback`, {});
      expect(rolledBack.statusCode).toBe(201);
      expect(rolledBack.json()).toMatchObject({ version: 2, previousVersion: 1 });
      expect(rolledBack.json().run.promotion).toMatchObject({
        version: 1,
        previousVersion: 0,
        by: HEADERS_ACTOR,
        rollback: { version: 2, by: HEADERS_ACTOR },
      });
      const afterRollback = await get(`/analytics/abc?asOf=${AS_OF}`, {
        'x-consistency-token': rolledBack.json().consistencyToken,
      });
      expect(afterRollback.json().policyVersion).toBe(2);
      expect(sizesOf(afterRollback.json().classes)).toEqual(OLD_SIZES);
      expect((await get(funnelUrl)).json().months).toEqual(oldFunnel);
      await eachReaderAnswers();
    } finally {
      reading = false;
      await readers;
    }

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const candidateLive = (version: number | null) => version === 1;
    const seen = new Set<string>();
    for (const { url, body } of answers) {
      if (url.startsWith('/analytics/abc')) {
        seen.add(`abc:${body.policyVersion}`);
        expect(sizesOf(body.classes)).toEqual(candidateLive(body.policyVersion) ? NEW_SIZES : OLD_SIZES);
      } else if (url.startsWith('/analytics/funnel')) {
        expect([oldFunnel, newFunnel]).toContainEqual(body.months);
      } else {
        // one snapshot: the live policy version, its class sizes and its lifecycle stages agree
        const promotedNow = candidateLive(body.livePolicyVersion);
        seen.add(`compare:${body.livePolicyVersion}`);
        expect(sizesOf(body.live.abc.classes)).toEqual(promotedNow ? NEW_SIZES : OLD_SIZES);
        expect(body.live.stages).toEqual(promotedNow ? newStages : oldStages);
        expect(body.classMatrix.moved).toBe(promotedNow ? 0 : comparison.classMatrix.moved);
      }
    }
    // the readers did run across both switches
    expect([...seen].sort()).toEqual([
      'abc:1',
      'abc:2',
      'abc:null',
      'compare:1',
      'compare:2',
      'compare:null',
    ]);

    // a second rollback or promotion of the same run is refused
    expect((await post(`/whatif/runs/${runId}/rollback`, {})).json()).toMatchObject({
      statusCode: 409,
      code: 'ALREADY_ROLLED_BACK',
    });

    // drop: the shadow schema goes, the run stays
    const dropped = await queryApi.inject({
      method: 'DELETE',
      url: `/whatif/runs/${runId}`,
      headers: HEADERS,
    });
    expect(dropped.json()).toMatchObject({ status: 'dropped' });
    const schemas = await dataSource.query(
      `SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`,
      [`whatif_${runId}`],
    );
    expect(schemas).toHaveLength(0);
    expect((await get(`/whatif/runs/${runId}/comparison`)).json()).toMatchObject({
      statusCode: 409,
      code: 'RUN_DROPPED',
    });
    const list = (await get('/whatif/runs')).json() as Json[];
    expect(list.map((r) => [r.id, r.status])).toContainEqual([runId, 'dropped']);
  });
});
