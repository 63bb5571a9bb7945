import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { ACTOR, policyWith, WhatIfHarness } from './whatif-support/whatif-harness';
import { busyHistory } from './whatif-support/whatif-scenario';

/**
 * A what-if replay reads the whole log into its shadow schema with the value projection's own
 * SQL: under the live policy it must rebuild the live value read model row for row.
 */
jest.setTimeout(120_000);

const TABLES = ['order_fact', 'customer_value', 'lifecycle_transition'];
const AS_OF = [
  '2024-06-01T00:00:00Z',
  '2025-01-01T00:00:00Z',
  '2025-12-31T12:00:00Z',
  '2027-01-01T00:00:00Z',
];

const live = policyWith((p) => {
  p.abc = { measure: 'gross_margin', windowMonths: 9, aPercent: 10, abPercent: 35 };
  p.lifecycle = { newWithinDays: 40, atRiskAfterDays: 50, dormantAfterDays: 110 };
});

const classesAt = (h: WhatIfHarness, schema: string, asOf: string) =>
  h.query(`SELECT * FROM ${schema}.abc_classes($1, ${schema}.live_policy()) ORDER BY rank`, [asOf]);

describe('what-if replay with the live policy', () => {
  let h: WhatIfHarness;
  beforeAll(async () => {
    h = await WhatIfHarness.create('whatif_replay');
    // the policy is set before anything else, as a live system would have it
    await h.append(busyHistory(45, 900, [{ at: 0, policy: live }]));
    await h.projectLive(97);
  });
  afterAll(() => h?.dispose());

  it('reproduces order facts, customer values and lifecycle transitions row for row, positions included', async () => {
    const readModelsBefore = await Promise.all(TABLES.map((t) => h.rows('read_models', t)));
    const { run, outcome } = await h.replay(live, 113);
    expect(outcome).toBe('completed');
    expect(run.status).toBe('completed');
    for (const [i, table] of TABLES.entries()) {
      const shadow = await h.rows(run.schema, table);
      expect(shadow.length).toBeGreaterThan(40);
      expect(shadow).toEqual(readModelsBefore[i]);
    }
    // nothing of the live read model moved
    expect(await Promise.all(TABLES.map((t) => h.rows('read_models', t)))).toEqual(readModelsBefore);
  });

  it('gives every customer the same ABC class, measure and rank at any instant', async () => {
    const { run } = await h.replay({ policy: live });
    for (const asOf of AS_OF) {
      const shadow = await classesAt(h, run.schema, asOf);
      expect(shadow).toHaveLength(45);
      expect(shadow).toEqual(await classesAt(h, 'read_models', asOf));
    }
    const comparison = await h.whatIf.compare(run.id, new Date('2025-06-01T00:00:00Z'));
    expect(comparison.inSync).toBe(true);
    expect(comparison.classMatrix.moved).toBe(0);
    expect(comparison.stageMatrix.moved).toBe(0);
    expect(comparison.classMatrix.total).toBe(45);
    expect(comparison.candidate.abc).toEqual(comparison.live.abc);
  });

  it('records its progress: every event of the log read, the value events applied, position at the end', async () => {
    const { run } = await h.replay(live, 50);
    const [{ n }] = await h.query<{ n: string }>(`SELECT count(*) AS n FROM event_store.events`);
    const [{ handled }] = await h.query<{ handled: string }>(
      `SELECT count(*) AS handled FROM event_store.events WHERE event_type <> 'SegmentationPolicyChanged'`,
    );
    const last = await h.store.readAll(null, Number(n));
    expect(run).toMatchObject({
      eventsRead: Number(n),
      eventsApplied: Number(handled),
      eventsTotal: Number(n),
      position: last[last.length - 1]!.logPosition,
      startedBy: ACTOR,
      error: null,
    });
    expect(run.finishedAt).not.toBeNull();
  });

  it('stops between batches and resumes from its checkpoint to the same read model', async () => {
    const run = await h.whatIf.create({ candidate: live, actor: ACTOR });
    let batches = 0;
    expect(await h.whatIf.replay(run.id, { batchSize: 100, shouldStop: () => batches++ >= 3 })).toBe(
      'stopped',
    );
    const stopped = await h.whatIf.get(run.id);
    expect(stopped).toMatchObject({ status: 'running', eventsRead: 300 });
    await h.whatIf.resume(run.id);
    expect(await h.whatIf.replay(run.id, { batchSize: 100 })).toBe('completed');
    for (const table of TABLES)
      expect(await h.rows(run.schema, table)).toEqual(await h.rows('read_models', table));
  });

  it('drops the shadow schema and keeps the run, marked dropped', async () => {
    const { run } = await h.replay(live);
    const dropped = await h.whatIf.drop(run.id);
    expect(dropped.status).toBe('dropped');
    const schemas = await h.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [
      run.schema,
    ]);
    expect(schemas).toHaveLength(0);
    await expect(h.whatIf.compare(run.id, new Date())).rejects.toMatchObject({ code: 'RUN_DROPPED' });
  });

  it('refuses a candidate the segmentation decider refuses, naming the field', async () => {
    await expect(
      h.whatIf.create({ candidate: policyWith((p) => (p.abc.abPercent = 3)), actor: ACTOR }),
    ).rejects.toMatchObject({ kind: 'invalid', field: 'abc.abPercent' });
  });
});

describe('a what-if comparison after the log moved on', () => {
  let h: WhatIfHarness;
  afterAll(() => h?.dispose());

  it('stays in sync over policy changes (the shadow skips them), not over a new customer, who is "none" in the shadow', async () => {
    h = await WhatIfHarness.create('whatif_replay_moved');
    await h.append(busyHistory(12, 80, []));
    await h.projectLive();
    const { run } = await h.replay(live);
    const asOf = new Date('2026-01-01T00:00:00Z');
    await h.append([
      {
        type: 'SegmentationPolicyChanged',
        data: { version: 1, policy: live, changedAt: '2025-01-01T00:00:00Z' },
      },
    ]);
    await h.projectLive();
    const afterPolicy = await h.whatIf.compare(run.id, asOf);
    expect(afterPolicy.live.position).not.toBe(afterPolicy.candidate.position);
    expect(afterPolicy).toMatchObject({ inSync: true, livePolicyVersion: 1 });
    expect(afterPolicy.classMatrix.moved).toBe(0);

    await h.append([
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'late',
          name: 'Late',
          type: 'retail',
          region: 'east',
          registeredAt: '2025-01-01T00:00:00Z',
        },
      },
    ]);
    await h.projectLive();
    const afterCustomer = await h.whatIf.compare(run.id, asOf);
    expect(afterCustomer.inSync).toBe(false);
    expect(afterCustomer.classMatrix.total).toBe(13);
    expect(afterCustomer.classMatrix.counts.C!.none).toBe(1);
    expect(afterCustomer.stageMatrix.counts.prospect!.none).toBe(1);
  });
});

describe('what-if replay after the live policy changed mid-history', () => {
  let h: WhatIfHarness;
  afterAll(() => h?.dispose());

  it('matches the live read model, whose rows a policy change re-stamped with its own position', async () => {
    h = await WhatIfHarness.create('whatif_replay_changed');
    const first = policyWith(
      (p) => (p.lifecycle = { newWithinDays: 30, atRiskAfterDays: 45, dormantAfterDays: 75 }),
    );
    await h.append(
      busyHistory(
        30,
        600,
        [
          { at: 0, policy: first },
          { at: 350, policy: live },
        ],
        11,
      ),
    );
    await h.projectLive(64);
    const { run } = await h.replay(live, 128);
    for (const table of ['order_fact', 'customer_value'])
      expect(await h.rows(run.schema, table)).toEqual(await h.rows('read_models', table));
    // lifecycle rows the policy change rewrote carry the change's position: compare what they say
    const without = ['global_position'];
    const shadow = await h.rows(run.schema, 'lifecycle_transition', without);
    expect(shadow.length).toBeGreaterThan(60);
    expect(shadow).toEqual(await h.rows('read_models', 'lifecycle_transition', without));
    for (const asOf of AS_OF)
      expect(await classesAt(h, run.schema, asOf)).toEqual(await classesAt(h, 'read_models', asOf));
  });

  it('under the default policy differs from the live one in the lifecycle only', async () => {
    const { run } = await h.replay(DEFAULT_SEGMENTATION_POLICY);
    expect(await h.rows(run.schema, 'order_fact')).toEqual(await h.rows('read_models', 'order_fact'));
    const lifecycle = await h.rows(run.schema, 'lifecycle_transition', ['global_position']);
    expect(lifecycle).not.toEqual(await h.rows('read_models', 'lifecycle_transition', ['global_position']));
  });
});
