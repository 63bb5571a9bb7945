import fc from 'fast-check';
import {
  ABC_MEASURES,
  CONTACT_CHANNELS,
  CUSTOMER_CLASSES,
  CUSTOMER_TYPES,
  OPPORTUNITY_STAGES,
  SALES_CHANNELS,
} from '@crm/events';

/** The entities every generated command may refer to; `seedFuzzFixture` creates them. */
export const FIXTURE = {
  repId: 'rep-fz',
  customerId: 'cust-fz',
  orderId: 'ord-fz',
  opportunityId: 'opp-fz',
} as const;

export type CommandMethod = 'POST' | 'PUT' | 'PATCH';

/** One command endpoint: its OpenAPI route, generated path parameters and generated valid bodies. */
export interface CommandEndpoint {
  method: CommandMethod;
  /** As the OpenAPI document writes it, e.g. `/customers/{id}/orders`. */
  route: string;
  params: fc.Arbitrary<Record<string, string>>;
  body: fc.Arbitrary<Record<string, unknown>>;
}

/** The URL of `route` with its parameters filled in (encoded as a client would). */
export const urlOf = (route: string, params: Record<string, string>): string =>
  route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

// ---- valid values ---------------------------------------------------------------------------

const newId = (prefix: string) => fc.stringMatching(/^[a-z0-9]{4,12}$/).map((s) => `${prefix}-${s}`);
const text = (max: number) =>
  fc.string({ minLength: 1, maxLength: Math.min(max, 40), unit: 'grapheme' }).filter((s) => s.trim() !== '');
const money = (min = 0, max = 99_999) =>
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 99 }))
    .map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`);
const instant = fc
  .date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const period = fc.oneof(
  fc
    .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc
    .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 4 }))
    .map(([y, q]) => `${y}-Q${q}`),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

/** Path ids: mostly the fixture's, sometimes unknown, sometimes not an id at all. */
const pathId = (known: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(known) },
    { weight: 2, arbitrary: newId('unknown') },
    {
      weight: 1,
      // Never only dots: a client's URL resolution would turn those into another path.
      arbitrary: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).filter((s) => !/^\.+$/.test(s)),
    },
  );
const customerParam = fc.record({ id: pathId(FIXTURE.customerId) });

const orderLine = record({
  sku: text(64),
  category: fc.constantFrom('televisions', 'audio', 'accessories'),
  brand: text(100),
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPrice: money(0, 999),
  listPrice: optional(money(0, 999)),
  unitCost: optional(money(0, 999)),
});

// ---- the endpoints --------------------------------------------------------------------------

export const COMMAND_ENDPOINTS: CommandEndpoint[] = [
  {
    method: 'POST',
    route: '/customers',
    params: fc.constant({}),
    body: record({
      customerId: optional(newId('cust')),
      name: text(200),
      type: fc.constantFrom(...CUSTOMER_TYPES),
      region: text(100),
      industry: optional(text(100)),
      preferredChannel: optional(fc.constantFrom(...CONTACT_CHANNELS)),
      source: optional(text(100)),
      partnerId: optional(newId('partner')),
      externalId: optional(text(100)),
      registeredAt: optional(instant),
    }),
  },
  {
    method: 'PATCH',
    route: '/customers/{id}',
    params: customerParam,
    body: record({
      name: optional(text(200)),
      type: optional(fc.constantFrom(...CUSTOMER_TYPES)),
      region: optional(text(100)),
      industry: optional(text(100)),
      preferredChannel: optional(fc.constantFrom(...CONTACT_CHANNELS)),
      source: optional(text(100)),
      partnerId: optional(newId('partner')),
      updatedAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/owner',
    params: customerParam,
    body: record({
      repId: fc.constantFrom(FIXTURE.repId, 'rep-fz-2', 'rep-missing'),
      reason: text(500),
      assignedAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/contacts',
    params: customerParam,
    body: record({
      contactPersonId: optional(newId('person')),
      name: text(200),
      role: optional(text(100)),
      phone: optional(text(50)),
      email: optional(fc.emailAddress()),
      addedAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/visits',
    params: customerParam,
    body: record({
      visitId: optional(newId('visit')),
      repId: fc.constantFrom(FIXTURE.repId, 'rep-missing'),
      contactPersonId: optional(newId('person')),
      channel: fc.constantFrom(...CONTACT_CHANNELS),
      activityType: text(50),
      purpose: optional(text(500)),
      outcome: optional(text(1000)),
      cost: money(0, 500),
      visitedAt: instant,
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/competitor-feedback',
    params: customerParam,
    body: record({
      feedbackId: optional(newId('feedback')),
      repId: optional(fc.constantFrom(FIXTURE.repId, 'rep-missing')),
      competitor: text(200),
      product: text(200),
      rating: fc.integer({ min: 1, max: 5 }),
      comment: optional(text(1000)),
      observedAt: instant,
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/opportunities',
    params: customerParam,
    body: record({
      opportunityId: optional(newId('opp')),
      repId: optional(fc.constantFrom(FIXTURE.repId, 'rep-missing')),
      title: text(200),
      expectedAmount: money(1, 90_000),
      stage: fc.constantFrom(...OPPORTUNITY_STAGES),
      expectedCloseDate: optional(instant.map((i) => i.slice(0, 10))),
      openedAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/opportunities/{opportunityId}/win',
    params: fc.record({ id: pathId(FIXTURE.customerId), opportunityId: pathId(FIXTURE.opportunityId) }),
    body: record({
      orderId: optional(fc.constantFrom(FIXTURE.orderId, 'ord-missing')),
      wonAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/opportunities/{opportunityId}/lose',
    params: fc.record({ id: pathId(FIXTURE.customerId), opportunityId: pathId(FIXTURE.opportunityId) }),
    body: record({ reason: text(500), lostTo: optional(text(200)), lostAt: optional(instant) }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/orders',
    params: customerParam,
    body: record({
      orderId: newId('ord'),
      repId: optional(fc.constantFrom(FIXTURE.repId, 'rep-missing')),
      channel: fc.constantFrom(...SALES_CHANNELS),
      lines: fc.array(orderLine, { minLength: 1, maxLength: 3 }),
      orderedAt: instant,
    }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/orders/{orderId}/cancel',
    params: fc.record({ id: pathId(FIXTURE.customerId), orderId: pathId(FIXTURE.orderId) }),
    body: record({ reason: text(500), cancelledAt: optional(instant) }),
  },
  {
    method: 'POST',
    route: '/customers/{id}/payments',
    params: customerParam,
    body: record({
      paymentId: optional(newId('pay')),
      orderId: fc.constantFrom(FIXTURE.orderId, 'ord-missing'),
      amount: money(0, 1),
      receivedAt: instant,
    }),
  },
  {
    method: 'POST',
    route: '/reps',
    params: fc.constant({}),
    body: record({
      repId: optional(newId('rep')),
      name: text(200),
      region: text(100),
      managerId: optional(newId('mgr')),
      onboardedAt: optional(instant),
    }),
  },
  {
    method: 'POST',
    route: '/reps/{id}/quotas',
    params: fc.record({ id: pathId(FIXTURE.repId) }),
    body: record({
      period,
      targetAmount: money(0, 90_000),
      targetVolume: fc.integer({ min: 1, max: 10_000 }),
      categoryTargets: optional(
        fc.array(
          record({
            category: text(100),
            targetAmount: money(0, 9_000),
            targetVolume: fc.integer({ min: 1, max: 999 }),
          }),
          { maxLength: 3 },
        ),
      ),
      correction: optional(fc.boolean()),
    }),
  },
  {
    method: 'POST',
    route: '/reps/{id}/territory',
    params: fc.record({ id: pathId(FIXTURE.repId) }),
    body: record({
      regions: fc.array(text(100), { minLength: 1, maxLength: 4 }),
      categories: optional(fc.array(text(100), { maxLength: 4 })),
      brands: optional(fc.array(text(100), { maxLength: 4 })),
      assignedAt: optional(instant),
    }),
  },
  {
    method: 'PUT',
    route: '/plans/{period}',
    params: fc.record({
      period: fc.oneof(
        { weight: 4, arbitrary: period },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^\.+$/.test(s)) },
      ),
    }),
    body: record({
      rules: fc.array(
        record({
          customerClass: fc.constantFrom(...CUSTOMER_CLASSES),
          customerType: fc.constantFrom(...CUSTOMER_TYPES),
          region: text(100),
          visitsPerMonth: fc.integer({ min: 0, max: 100 }),
          activityTypes: fc.array(text(50), { maxLength: 3 }),
          budgetPerVisit: money(0, 999),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      setAt: optional(instant),
    }),
  },
  {
    method: 'PUT',
    route: '/segmentation-policy',
    params: fc.constant({}),
    body: record({
      abc: fc.tuple(fc.integer({ min: 1, max: 49 }), fc.integer({ min: 50, max: 100 })).chain(([a, ab]) =>
        record({
          measure: fc.constantFrom(...ABC_MEASURES),
          windowMonths: fc.integer({ min: 1, max: 120 }),
          aPercent: fc.constant(a),
          abPercent: fc.constant(ab),
        }),
      ),
      lifecycle: record({
        newWithinDays: fc.integer({ min: 1, max: 365 }),
        atRiskAfterDays: fc.integer({ min: 1, max: 365 }),
        dormantAfterDays: fc.integer({ min: 366, max: 3650 }),
      }),
      rfm: record({ buckets: fc.integer({ min: 2, max: 10 }) }),
      reason: optional(text(500)),
      changedAt: optional(instant),
    }),
  },
];

/** Creates the fixture's rep, customer, order and opportunity through `post` (which must answer 201). */
export async function seedFuzzFixture(
  post: (url: string, body: object) => Promise<{ statusCode: number; body: string }>,
): Promise<void> {
  const steps: Array<[string, object]> = [
    ['/reps', { repId: FIXTURE.repId, name: 'Fuzz Rep', region: 'east' }],
    ['/reps', { repId: 'rep-fz-2', name: 'Second Rep', region: 'west' }],
    ['/customers', { customerId: FIXTURE.customerId, name: 'Fuzz Ltd', type: 'retail', region: 'east' }],
    [
      `/customers/${FIXTURE.customerId}/orders`,
      {
        orderId: FIXTURE.orderId,
        repId: FIXTURE.repId,
        channel: 'direct',
        orderedAt: '2026-11-02T10:00:00Z',
        lines: [
          { sku: 'TV-55', category: 'televisions', brand: 'Lumina', quantity: 10, unitPrice: '900.00' },
        ],
      },
    ],
    [
      `/customers/${FIXTURE.customerId}/opportunities`,
      {
        opportunityId: FIXTURE.opportunityId,
        title: 'Spring restock',
        expectedAmount: '4500.00',
        stage: 'proposal',
      },
    ],
  ];
  for (const [url, body] of steps) {
    const response = await post(url, body);
    if (response.statusCode !== 201)
      throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
  }
}
