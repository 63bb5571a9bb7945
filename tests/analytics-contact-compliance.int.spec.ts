import type { ContactPlanRule } from '@crm/events';
import { contactComplianceProjection } from '@crm/read-models';
import { AnalyticsHarness, line } from './analytics-support/analytics-harness';

/**
 * Contact-plan compliance (seed 000): per rep × live ABC class × region × period, planned visits
 * (visitsPerMonth × the rep's customers in the segment × months) against visits logged, budget
 * against cost, and the activity types planned and used.
 */
let h: AnalyticsHarness;

const AS_OF = '2026-11-30T00:00:00Z';

const rule = (
  customerClass: ContactPlanRule['customerClass'],
  customerType: ContactPlanRule['customerType'],
  region: string,
  visitsPerMonth: number,
  budgetPerVisit: string,
  activityTypes: string[],
): ContactPlanRule => ({
  customerClass,
  customerType,
  region,
  visitsPerMonth,
  budgetPerVisit,
  activityTypes,
});

beforeAll(async () => {
  h = await AnalyticsHarness.create('analytics_compliance');
  const customers = ['a1', 'b1', 'c1', 'c2', 'c3', 'c4', 'p1', 'p2', 'p3', 'p4'];
  await h.feed([
    ...customers.map((id) =>
      h.registered(id, id === 'c3' ? { type: 'distributor' } : id === 'c4' ? { region: 'west' } : {}),
    ),
    // N = 10: class A is rank 1 (a1), B rank 2 (b1), C the rest.
    h.order('a1', 'o-a1', '2026-10-10T00:00:00Z', [line(1, '1000.00')]),
    h.order('b1', 'o-b1', '2026-10-10T00:00:00Z', [line(1, '500.00')]),
    h.order('c1', 'o-c1', '2026-10-10T00:00:00Z', [line(1, '10.00')]),
    h.owner('a1', 'rep-1'),
    h.owner('b1', 'rep-1'),
    h.owner('c1', 'rep-1'),
    h.owner('c2', 'rep-1'),
    h.owner('c3', 'rep-2'),
    h.owner('c3', 'rep-1'), // ownership moved: counts for rep-1 now
    h.owner('c4', 'rep-2'),
    h.profileUpdated('c2', { region: 'north' }), // counts under its current region
    h.event('ContactPlanSet', {
      period: '2026-11',
      revision: 1,
      rules: [rule('A', 'retail', 'east', 4, '50.00', ['product demo', 'training'])],
      setAt: '2026-10-25T00:00:00Z',
    }),
    h.event('ContactPlanSet', {
      period: '2026-11',
      revision: 2,
      rules: [
        rule('A', 'retail', 'east', 2, '40.00', ['product demo']),
        rule('B', 'retail', 'east', 1, '20.00', ['product demo']),
        rule('C', 'retail', 'east', 1, '5.50', ['phone call']),
        rule('C', 'retail', 'west', 1, '5.00', ['phone call']),
      ],
      setAt: '2026-10-28T00:00:00Z',
    }),
    h.event('ContactPlanSet', {
      period: '2026-Q4',
      revision: 1,
      rules: [rule('C', 'retail', 'west', 2, '1.00', ['phone call', 'email'])],
      setAt: '2026-09-28T00:00:00Z',
    }),
    h.visit('a1', { cost: '30.00', activityType: 'product demo' }),
    h.visit('a1', { cost: '25.50', activityType: 'training' }),
    h.visit('b1', { cost: '15.00', activityType: 'product demo' }),
    h.visit('c1', { cost: '2.00', activityType: 'phone call', channel: 'phone' }),
    h.visit('c1', { cost: '99.00', visitedAt: '2026-10-31T23:59:59Z' }), // October: outside 2026-11
    h.visit('c4', { cost: '3.00', activityType: 'phone call' }), // rep-1 visits rep-2's customer
    h.visit('c4', {
      repId: 'rep-2',
      cost: '4.00',
      activityType: 'phone call',
      visitedAt: '2026-11-30T23:59:59Z',
    }),
  ]);
});
afterAll(async () => {
  await h?.dispose();
});

const compliance = async (query: string) => {
  const response = await h.get(`/analytics/contact-compliance?${query}&asOf=${AS_OF}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

const row = (
  repId: string,
  customerClass: string | null,
  region: string,
  figures: Record<string, unknown>,
) => ({ repId, customerClass, region, ...figures });

describe('contact-compliance projection', () => {
  it('keeps the latest plan revision of a period when an older one arrives later', async () => {
    const stale = h.event('ContactPlanSet', {
      period: '2026-11',
      revision: 1,
      rules: [],
      setAt: '2026-10-25T00:00:00Z',
    });
    await h.dataSource.transaction((db) => contactComplianceProjection.apply(stale, db));
    const [plan] = await h.query<{ revision: number; rules: unknown[] }>(
      `SELECT revision, rules FROM read_models.contact_plan WHERE period = '2026-11'`,
    );
    expect(plan!.revision).toBe(2);
    expect(plan!.rules).toHaveLength(4);
  });

  it('records each visit with its rep, channel, activity type and cost', async () => {
    const rows = await h.query(
      `SELECT rep_id, channel, activity_type, cost::text FROM read_models.contact_visit
       WHERE customer_id = 'c1' ORDER BY visited_at`,
    );
    expect(rows).toEqual([
      { rep_id: 'rep-1', channel: 'onsite', activity_type: 'product demo', cost: '99.00' },
      { rep_id: 'rep-1', channel: 'phone', activity_type: 'phone call', cost: '2.00' },
    ]);
  });
});

describe('GET /analytics/contact-compliance', () => {
  it('plans visitsPerMonth × owned customers × months from the latest plan revision and compares', async () => {
    const body = await compliance('period=2026-11');
    expect(body).toMatchObject({
      period: '2026-11',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      months: 1,
      planRevision: 2,
      classAsOf: '2026-11-30T00:00:00.000Z',
    });
    expect(body.rows).toEqual([
      row('rep-1', 'A', 'east', {
        customers: 1,
        plannedVisits: 2,
        actualVisits: 2,
        visitCompliance: '1.0000',
        budget: '80.00',
        spent: '55.50',
        budgetUsage: '0.6938',
        plannedActivityTypes: ['product demo'],
        activityTypesUsed: ['product demo', 'training'],
      }),
      row('rep-1', 'B', 'east', {
        customers: 1,
        plannedVisits: 1,
        actualVisits: 1,
        visitCompliance: '1.0000',
        budget: '20.00',
        spent: '15.00',
        budgetUsage: '0.7500',
        plannedActivityTypes: ['product demo'],
        activityTypesUsed: ['product demo'],
      }),
      // c1 (retail, planned once) and c3 (distributor: no rule for its type, so nothing planned).
      row('rep-1', 'C', 'east', {
        customers: 2,
        plannedVisits: 1,
        actualVisits: 1,
        visitCompliance: '1.0000',
        budget: '5.50',
        spent: '2.00',
        budgetUsage: '0.3636',
        plannedActivityTypes: ['phone call'],
        activityTypesUsed: ['phone call'],
      }),
      row('rep-1', 'C', 'north', {
        customers: 1,
        plannedVisits: 0,
        actualVisits: 0,
        visitCompliance: null,
        budget: '0.00',
        spent: '0.00',
        budgetUsage: null,
        plannedActivityTypes: [],
        activityTypesUsed: [],
      }),
      row('rep-1', 'C', 'west', {
        customers: 0,
        plannedVisits: 0,
        actualVisits: 1,
        visitCompliance: null,
        budget: '0.00',
        spent: '3.00',
        budgetUsage: null,
        plannedActivityTypes: [],
        activityTypesUsed: ['phone call'],
      }),
      row('rep-2', 'C', 'west', {
        customers: 1,
        plannedVisits: 1,
        actualVisits: 1,
        visitCompliance: '1.0000',
        budget: '5.00',
        spent: '4.00',
        budgetUsage: '0.8000',
        plannedActivityTypes: ['phone call'],
        activityTypesUsed: ['phone call'],
      }),
    ]);
  });

  it('multiplies by three months for a quarter and counts the whole quarter', async () => {
    const body = await compliance('period=2026-Q4&repId=rep-2');
    expect(body).toMatchObject({
      months: 3,
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      planRevision: 1,
    });
    expect(body.rows).toEqual([
      row('rep-2', 'C', 'west', {
        customers: 1,
        plannedVisits: 6,
        actualVisits: 1,
        visitCompliance: '0.1667',
        budget: '6.00',
        spent: '4.00',
        budgetUsage: '0.6667',
        plannedActivityTypes: ['email', 'phone call'],
        activityTypesUsed: ['phone call'],
      }),
    ]);
  });

  it('filters by rep and by region', async () => {
    const byRep = await compliance('period=2026-11&repId=rep-2');
    expect(byRep.rows.map((r: { repId: string }) => r.repId)).toEqual(['rep-2']);
    const west = await compliance('period=2026-11&region=west');
    expect(west.rows.map((r: { repId: string; region: string }) => [r.repId, r.region])).toEqual([
      ['rep-1', 'west'],
      ['rep-2', 'west'],
    ]);
  });

  it('says when a period has no plan', async () => {
    const body = await compliance('period=2027-01');
    expect(body.planRevision).toBeNull();
    expect(body.rows.every((r: { plannedVisits: number }) => r.plannedVisits === 0)).toBe(true);
  });

  it.each([
    ['period=2026-13', 'period'],
    ['period=2026-Q5', 'period'],
    ['repId=rep-1', 'period'],
    ['period=2026-11&asOf=tomorrow', 'asOf'],
    ['period=2026-11&asOf=2026-11-30T00:00:00', 'asOf'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await h.get(`/analytics/contact-compliance?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
