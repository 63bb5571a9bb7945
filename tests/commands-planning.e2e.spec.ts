import { CommandApiHarness } from './commands-support/command-api-harness';

/**
 * The rep, plan and segmentation-policy command endpoints, and the OpenAPI document,
 * over HTTP on a real PostgreSQL: the happy path appends its event (read back from the store),
 * each refusal answers the right status and appends nothing. Only the command API runs.
 */
let h: CommandApiHarness;

beforeAll(async () => {
  h = await CommandApiHarness.create('commands_planning_e2e');
  for (const repId of ['rep-1', 'rep-2']) {
    expect((await h.post('/reps', { repId, name: `Rep ${repId}`, region: 'east' })).statusCode).toBe(201);
  }
});

afterAll(async () => {
  await h?.close();
});

describe('POST /reps/{id}/territory (AssignTerritory)', () => {
  it('assigns regions, categories and brands, de-duplicated', async () => {
    const response = await h.post('/reps/rep-1/territory', {
      regions: ['east', 'north', 'east'],
      categories: ['televisions'],
    });
    expect((await h.expectAppended(response, 'rep-rep-1', 'TerritoryAssigned')).data).toMatchObject({
      repId: 'rep-1',
      regions: ['east', 'north'],
      categories: ['televisions'],
      brands: [],
    });
  });

  it('refuses a territory without regions with 400 naming the field', async () => {
    await h.expectRefused('rep-rep-1', () => h.post('/reps/rep-1/territory', { regions: [] }), {
      status: 400,
      field: 'regions',
    });
  });

  it('answers 404 REP_NOT_FOUND for a rep that does not exist', async () => {
    await h.expectRefused('rep-ghost', () => h.post('/reps/ghost/territory', { regions: ['east'] }), {
      status: 404,
      code: 'REP_NOT_FOUND',
    });
  });
});

describe('PUT /plans/{period} (SetContactPlan)', () => {
  const rule = (overrides: Record<string, unknown> = {}) => ({
    customerClass: 'A',
    customerType: 'distributor',
    region: 'east',
    visitsPerMonth: 4,
    activityTypes: ['product demo'],
    budgetPerVisit: '200',
    ...overrides,
  });

  it('sets the plan of a period, and a second one supersedes it with the next revision', async () => {
    const first = await h.send('PUT', '/plans/2026-12', { rules: [rule(), rule({ customerClass: 'B' })] });
    expect((await h.expectAppended(first, 'plan-2026-12', 'ContactPlanSet')).data).toMatchObject({
      period: '2026-12',
      revision: 1,
      rules: [{ budgetPerVisit: '200.00' }, { customerClass: 'B' }],
    });
    expect(first.json().period).toBe('2026-12');
    const second = await h.send('PUT', '/plans/2026-12', { rules: [rule({ visitsPerMonth: 2 })] });
    expect((await h.expectAppended(second, 'plan-2026-12', 'ContactPlanSet')).data).toMatchObject({
      revision: 2,
    });
  });

  it('refuses two rules for one class, type and region with 400 naming the rule', async () => {
    await h.expectRefused(
      'plan-2026-12',
      () => h.send('PUT', '/plans/2026-12', { rules: [rule(), rule()] }),
      {
        status: 400,
        code: 'DUPLICATE_RULE',
        field: 'rules[1]',
      },
    );
  });

  it('refuses a period that is neither YYYY-MM nor YYYY-Qn, and negative visits', async () => {
    await h.expectRefused('plan-2026-13', () => h.send('PUT', '/plans/2026-13', { rules: [rule()] }), {
      status: 400,
      code: 'INVALID_PERIOD',
      field: 'period',
    });
    await h.expectRefused(
      'plan-2026-Q1',
      () => h.send('PUT', '/plans/2026-Q1', { rules: [rule({ visitsPerMonth: -1 })] }),
      {
        status: 400,
        field: 'rules[0].visitsPerMonth',
      },
    );
  });
});

describe('PUT /segmentation-policy (ChangeSegmentationPolicy)', () => {
  const policy = {
    abc: { measure: 'gross_margin', windowMonths: 12, aPercent: 5, abPercent: 20 },
    lifecycle: { newWithinDays: 90, atRiskAfterDays: 90, dormantAfterDays: 180 },
    rfm: { buckets: 5 },
    reason: 'margin first',
  };

  it('records the policy with version 1, then 2', async () => {
    const first = await h.send('PUT', '/segmentation-policy', policy);
    expect(
      (await h.expectAppended(first, 'policy-segmentation', 'SegmentationPolicyChanged')).data,
    ).toMatchObject({
      version: 1,
      policy: { abc: policy.abc, lifecycle: policy.lifecycle, rfm: policy.rfm },
      reason: 'margin first',
    });
    const second = await h.send('PUT', '/segmentation-policy', { ...policy, rfm: { buckets: 4 } });
    expect(
      (await h.expectAppended(second, 'policy-segmentation', 'SegmentationPolicyChanged')).data,
    ).toMatchObject({
      version: 2,
    });
  });

  it('refuses an A share not below the A+B share with 400 naming abPercent', async () => {
    const broken = { ...policy, abc: { ...policy.abc, aPercent: 25 } };
    await h.expectRefused('policy-segmentation', () => h.send('PUT', '/segmentation-policy', broken), {
      status: 400,
      code: 'OUT_OF_RANGE',
      field: 'abc.abPercent',
    });
  });

  it('refuses a window outside 1–120 months and a dormant threshold below at-risk', async () => {
    const window = { ...policy, abc: { ...policy.abc, windowMonths: 0 } };
    await h.expectRefused('policy-segmentation', () => h.send('PUT', '/segmentation-policy', window), {
      status: 400,
      field: 'abc.windowMonths',
    });
    const dormant = { ...policy, lifecycle: { ...policy.lifecycle, dormantAfterDays: 30 } };
    await h.expectRefused('policy-segmentation', () => h.send('PUT', '/segmentation-policy', dormant), {
      status: 400,
      field: 'lifecycle.dormantAfterDays',
    });
  });
});

it('documents every command endpoint in OpenAPI', async () => {
  const doc = (await h.api.inject({ method: 'GET', url: '/docs-json' })).json();
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/customers/{id}',
      '/customers/{id}/owner',
      '/customers/{id}/contacts',
      '/customers/{id}/competitor-feedback',
      '/customers/{id}/opportunities',
      '/customers/{id}/opportunities/{opportunityId}/win',
      '/customers/{id}/opportunities/{opportunityId}/lose',
      '/customers/{id}/orders/{orderId}/cancel',
      '/customers/{id}/payments',
      '/reps/{id}/territory',
      '/plans/{period}',
      '/segmentation-policy',
    ]),
  );
  expect(Object.keys(doc.paths['/customers/{id}'].patch.responses).sort()).toEqual(
    expect.arrayContaining(['200', '201', '404']),
  );
});
