import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  CUSTOMER_CLASSES,
  type CompetitorFeedbackRecorded,
  type ContactPlanRule,
  type ContactPlanSet,
  type CrmEvent,
  type VisitLogged,
} from '@crm/events';
import {
  competitorFeedbackProjection,
  contactComplianceProjection,
  READ_MODEL_MIGRATIONS,
} from '@crm/read-models';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import {
  applyByEveryRoute as applyRoutes,
  customerEvent,
  day,
  expectSameRows,
  inSchema,
  money,
  prepareLike,
  toLog,
  type Factory,
} from './batch-support/batch-routes';

/**
 * Set-based batches of contact compliance and competitor feedback against the reference: plans,
 * competitor feedback and visits mixed with registrations, profile and owner changes over one to
 * three customers (so a customer, a visit, a feedback or a plan period comes back within a batch),
 * applied one event at a time with `apply` and in batches of several sizes with `applyBatch`, give
 * the same rows, table by table.
 */

type Event = Pick<CrmEvent, 'type' | 'data'>;

const PROJECTIONS: Array<[string, Factory]> = [
  ['contact-compliance', inSchema(contactComplianceProjection)],
  ['competitor-feedback', inSchema(competitorFeedbackProjection)],
];
/** Event sequences tried per projection (a fixed seed: the same ones every time). */
const RUNS = 30;

const customerId = (customers: number) => fc.integer({ min: 1, max: customers }).map((n) => `c-${n}`);

const planRule: fc.Arbitrary<ContactPlanRule> = fc.record({
  customerClass: fc.constantFrom(...CUSTOMER_CLASSES),
  customerType: fc.constantFrom('retail' as const, 'direct' as const),
  region: fc.constantFrom('north', 'south'),
  visitsPerMonth: fc.integer({ min: 1, max: 4 }),
  activityTypes: fc.subarray(['check-in', 'demo', 'training']),
  budgetPerVisit: fc.integer({ min: 0, max: 20_000 }).map(money),
});

/** Plans of two periods, revisions that go up, repeat and come late. */
const planSet: fc.Arbitrary<ContactPlanSet> = fc.record({
  type: fc.constant('ContactPlanSet' as const),
  data: fc.record({
    period: fc.constantFrom('2026-01', '2026-Q1'),
    rules: fc.array(planRule, { maxLength: 2 }),
    revision: fc.integer({ min: 1, max: 3 }),
    setAt: day,
  }),
});

const feedbackRecorded = (customers: number): fc.Arbitrary<CompetitorFeedbackRecorded> =>
  fc.record({
    type: fc.constant('CompetitorFeedbackRecorded' as const),
    data: fc.record(
      {
        customerId: customerId(customers),
        feedbackId: fc.constantFrom('f-1', 'f-2', 'f-3'),
        repId: fc.constantFrom('rep-1', 'rep-2'),
        competitor: fc.constantFrom('Vistra', 'Orbis'),
        product: fc.constantFrom('X-100', 'Q-7'),
        rating: fc.integer({ min: 1, max: 5 }),
        comment: fc.constant('louder, cheaper'),
        observedAt: day,
      },
      { requiredKeys: ['customerId', 'feedbackId', 'competitor', 'product', 'rating', 'observedAt'] },
    ),
  });

/** A visit as schema version 1 stored it (no activity type), with amounts of fewer fraction digits. */
const legacyVisit = (customers: number): fc.Arbitrary<VisitLogged> =>
  fc
    .record({
      customerId: customerId(customers),
      visitId: fc.constantFrom('v-1', 'v-2', 'v-3'),
      repId: fc.constant('rep-2'),
      channel: fc.constantFrom('phone' as const, 'onsite' as const),
      cost: fc.constantFrom('12', '12.5', '0.05'),
      visitedAt: day,
    })
    .map((data) => ({ type: 'VisitLogged' as const, data: data as VisitLogged['data'] }));

const scenario: fc.Arbitrary<Event[]> = fc
  .integer({ min: 1, max: 3 })
  .chain((customers) =>
    fc.array(
      fc.oneof(
        { arbitrary: customerEvent(customers), weight: 6 },
        { arbitrary: planSet, weight: 1 },
        { arbitrary: feedbackRecorded(customers), weight: 2 },
        { arbitrary: legacyVisit(customers), weight: 1 },
      ),
      { minLength: 1, maxLength: 60, size: 'medium' },
    ),
  );

const registered = (region: string, type: 'retail' | 'direct' | 'distributor', at: string): Event => ({
  type: 'CustomerRegistered',
  data: { customerId: 'c-1', name: 'Alpha', type, region, registeredAt: at },
});
const profileUpdated = (changes: { region?: string; type?: 'retail' | 'direct'; name?: string }): Event => ({
  type: 'CustomerProfileUpdated',
  data: { customerId: 'c-1', changes, updatedAt: '2026-01-02T00:00:00.000Z' },
});
const ownerAssigned = (repId: string): Event => ({
  type: 'CustomerOwnerAssigned',
  data: { customerId: 'c-1', repId, reason: 'territory', assignedAt: '2026-01-02T00:00:00.000Z' },
});
const visit = (visitId: string, cost: string): Event => ({
  type: 'VisitLogged',
  data: {
    customerId: 'c-1',
    visitId,
    repId: 'rep-1',
    channel: 'phone',
    activityType: 'check-in',
    cost,
    visitedAt: '2026-01-03T00:00:00.000Z',
  },
});
const feedback = (feedbackId: string, rating: number): Event => ({
  type: 'CompetitorFeedbackRecorded',
  data: {
    customerId: 'c-1',
    feedbackId,
    competitor: 'Vistra',
    product: 'X-100',
    rating,
    observedAt: '2026-01-03T00:00:00.000Z',
  },
});
const plan = (revision: number, visitsPerMonth: number): Event => ({
  type: 'ContactPlanSet',
  data: {
    period: '2026-01',
    revision,
    rules: [
      {
        customerClass: 'A',
        customerType: 'retail',
        region: 'north',
        visitsPerMonth,
        activityTypes: ['check-in'],
        budgetPerVisit: '50',
      },
    ],
    setAt: '2026-01-01T00:00:00.000Z',
  },
});

/**
 * Changes before the registration (which find no customer one by one), two registrations of one
 * customer, repeated visit and feedback keys, and plan revisions going down and repeating.
 */
const TRICKY: Event[] = [
  profileUpdated({ region: 'east' }),
  ownerAssigned('rep-9'),
  visit('v-1', '5.00'),
  feedback('f-1', 2),
  plan(2, 3),
  registered('north', 'retail', '2026-01-01T00:00:00.000Z'),
  feedback('f-2', 4),
  ownerAssigned('rep-1'),
  profileUpdated({ type: 'direct' }),
  registered('south', 'distributor', '2026-01-04T00:00:00.000Z'),
  plan(1, 9),
  profileUpdated({ region: 'west' }),
  feedback('f-3', 5),
  feedback('f-2', 1),
  visit('v-1', '7.50'),
  profileUpdated({ name: 'Gamma' }),
  plan(2, 8),
];

describe('set-based batches of contact compliance and competitor feedback', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('projection_batch_contact', READ_MODEL_MIGRATIONS);
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const applyByEveryRoute = (factory: Factory, tables: string[], events: Event[]) =>
    applyRoutes(dataSource, factory, tables, toLog(events));
  const parsed = (rows: string[] | undefined) =>
    (rows ?? []).map((r) => JSON.parse(r) as Record<string, unknown>);

  describe.each(PROJECTIONS)('%s', (_name, factory) => {
    let tables: string[];
    beforeAll(async () => {
      tables = await prepareLike(dataSource, factory);
    });

    it('has a batch route', () => {
      expect(typeof factory('read_models').applyBatch).toBe('function');
    });

    it('gives the same rows in batches of any size as event by event', async () => {
      const nonEmpty = new Map<string, number>(tables.map((t) => [t, 0]));
      await fc.assert(
        fc.asyncProperty(scenario, async (events) => {
          const routes = await applyByEveryRoute(factory, tables, events);
          for (const table of tables)
            if (routes.by_event![table]!.length > 0) nonEmpty.set(table, nonEmpty.get(table)! + 1);
          expectSameRows(routes);
        }),
        { numRuns: RUNS, seed: 7 },
      );
      // Every table is compared with rows in it, not only empty ones, in most runs.
      for (const table of tables) expect([table, nonEmpty.get(table)! > RUNS / 2]).toEqual([table, true]);
    });

    it('gives the same rows when one customer comes back many times in a batch', async () => {
      const events = fc.sample(
        fc.oneof(
          { arbitrary: customerEvent(1), weight: 4 },
          { arbitrary: planSet, weight: 1 },
          { arbitrary: feedbackRecorded(1), weight: 2 },
        ),
        { numRuns: 300, seed: 11 },
      );
      const routes = await applyByEveryRoute(factory, tables, events);
      for (const table of tables) expect(routes.by_event![table]!.length).toBeGreaterThan(0);
      expectSameRows(routes);
    });
  });

  it('contact compliance: ignores changes before the registration and a second registration, in any batch', async () => {
    const factory = inSchema(contactComplianceProjection);
    const tables = await prepareLike(dataSource, factory);
    const routes = await applyByEveryRoute(factory, tables, TRICKY);
    expectSameRows(routes);
    // The reference is the scenario it is meant to be.
    expect(parsed(routes.by_event!.contact_customer)).toEqual([
      { customer_id: 'c-1', owner_rep_id: 'rep-1', region: 'west', type: 'direct', global_position: 12 },
    ]);
    expect(parsed(routes.by_event!.contact_plan)).toMatchObject([
      { period: '2026-01', revision: 2, global_position: 5 },
    ]);
    expect(parsed(routes.by_event!.contact_visit)).toMatchObject([
      { visit_id: 'v-1', cost: 5, global_position: 3 },
    ]);
  });

  it('competitor feedback: takes the region as it is at each feedback, around two registrations, in any batch', async () => {
    const factory = inSchema(competitorFeedbackProjection);
    const tables = await prepareLike(dataSource, factory);
    const routes = await applyByEveryRoute(factory, tables, TRICKY);
    expectSameRows(routes);
    expect(parsed(routes.by_event!.competitor_customer)).toEqual([{ customer_id: 'c-1', region: 'west' }]);
    expect(parsed(routes.by_event!.competitor_feedback)).toMatchObject([
      { feedback_id: 'f-1', region: 'unknown', rating: 2 },
      { feedback_id: 'f-2', region: 'north', rating: 4 },
      { feedback_id: 'f-3', region: 'west', rating: 5 },
    ]);
  });
});
