import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { authHeaders, createTestDatabase, TEST_AUTH_CONFIG, waitFor } from '@crm/testing';
import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { createCommandApi } from '../../apps/command-api/src/command-api.app';
import { createQueryApi } from '../../apps/query-api/src/query-api.app';
import { PROJECTOR_MIGRATIONS, startProjector } from '../../apps/projector/src/projector.app';

const NOW = Date.now();
/** An instant `d` days before the start of the run (business times follow the real clock). */
export const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

const ready = async (app: NestFastifyApplication) => {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};

export interface ValuePipeline {
  get(url: string): ReturnType<NestFastifyApplication['inject']>;
  close(): Promise<void>;
}

const order = (
  orderId: string,
  orderedAt: string,
  unitPrice: string,
  extra: Record<string, unknown> = {},
) => ({
  orderId,
  repId: 'rep-v1',
  channel: 'direct',
  orderedAt,
  lines: [
    {
      sku: 'TV',
      category: 'tv',
      brand: 'Lumina',
      quantity: 1,
      unitPrice,
      listPrice: unitPrice,
      unitCost: '1.00',
    },
  ],
  ...extra,
});

/**
 * Boots command API, projector and query API on a fresh database (as tests/pipeline.e2e.spec.ts
 * does), sends the value scenario through the command API and waits until it is projected:
 * - val-a (east, retail, EXT-001): one order 10 days ago (1000.00, 400.00 paid), a visit (50.00),
 *   owner moved to rep-v2: new, class A;
 * - val-b (east, distributor, renamed "Beta Trading Group"): orders 400 and 200 days ago
 *   (700.00, 300.00): dormant;
 * - val-c (west, direct): orders 300 and 100 days ago (50.00, 500.00), a third cancelled: at risk;
 * - val-d (west, retail): no order, prospect;
 * - policy version 1: the default with A = 25 %, A+B = 50 % (N = 4: A = rank 1, B = rank 2).
 * Every command endpoint needed exists, so nothing is appended to the store directly.
 */
export async function startValuePipeline(label: string): Promise<ValuePipeline> {
  const db = await createTestDatabase(label, PROJECTOR_MIGRATIONS);
  const env = { DATABASE_URL: db.url, PROJECTOR_POLL_INTERVAL_MS: 50, ...TEST_AUTH_CONFIG };
  const admin = await authHeaders('admin');
  const commandApi = await ready(await createCommandApi(env, { logger: false }));
  const queryApi = await ready(await createQueryApi(env, { logger: false }));
  const projector = await startProjector(env, { log: () => undefined, error: (m) => console.error(m) });
  const get = (url: string) => queryApi.inject({ method: 'GET', url, headers: admin });
  const send = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) => {
    const response = await commandApi.inject({ method, url, payload: payload as object, headers: admin });
    if (response.statusCode !== 201 && response.statusCode !== 200)
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return response.json();
  };

  await send('POST', '/reps', { repId: 'rep-v1', name: 'Li Wei', region: 'east' });
  await send('POST', '/reps', { repId: 'rep-v2', name: 'Wang Fang', region: 'west' });
  const customer = (customerId: string, name: string, type: string, region: string, extra = {}) =>
    send('POST', '/customers', { customerId, name, type, region, registeredAt: daysAgo(500), ...extra });
  await customer('val-a', 'Alpha Foods', 'retail', 'east', { externalId: 'EXT-001' });
  await customer('val-b', 'Beta Trading', 'distributor', 'east');
  await customer('val-c', 'Gamma Stores', 'direct', 'west');
  await customer('val-d', 'Delta Mart', 'retail', 'west');

  await send('POST', '/customers/val-a/orders', order('a-1', daysAgo(10), '1000.00'));
  await send('POST', '/customers/val-a/payments', {
    orderId: 'a-1',
    amount: '400.00',
    receivedAt: daysAgo(5),
  });
  await send('POST', '/customers/val-a/visits', {
    repId: 'rep-v1',
    channel: 'onsite',
    activityType: 'demo',
    cost: '50.00',
    visitedAt: daysAgo(12),
  });
  await send('POST', '/customers/val-a/owner', { repId: 'rep-v2', reason: 'territory change' });
  await send('POST', '/customers/val-b/orders', order('b-1', daysAgo(400), '700.00'));
  await send('POST', '/customers/val-b/orders', order('b-2', daysAgo(200), '300.00'));
  await send('PATCH', '/customers/val-b', { name: 'Beta Trading Group' });
  await send('POST', '/customers/val-c/orders', order('c-1', daysAgo(300), '50.00'));
  await send('POST', '/customers/val-c/orders', order('c-2', daysAgo(100), '500.00'));
  await send('POST', '/customers/val-c/orders', order('c-3', daysAgo(20), '9999.00'));
  await send('POST', '/customers/val-c/orders/c-3/cancel', { reason: 'duplicate' });
  const { abc, lifecycle, rfm } = DEFAULT_SEGMENTATION_POLICY;
  // With N = 4: A = ranks 1..ceil(1), B up to ceil(2).
  await send('PUT', '/segmentation-policy', {
    abc: { ...abc, aPercent: 25, abPercent: 50 },
    lifecycle: { ...lifecycle },
    rfm: { ...rfm },
    reason: 'quarters',
  });

  await waitFor(
    () => get('/customers/val-c'),
    (r) => r.statusCode === 200 && r.json().abc?.policyVersion === 1 && r.json().orderCount === 2,
    { what: 'every command to be projected' },
  );
  return {
    get,
    close: async () => {
      await projector.stop();
      await commandApi.close();
      await queryApi.close();
      await db.drop();
    },
  };
}
