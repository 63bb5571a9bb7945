import path from 'node:path';
import { importCdnowFile } from '../apps/importer/src/cdnow/import-cdnow-file';
import { silentProgress } from '../apps/importer/src/import/import-progress';
import type { WhatIfComparison, WhatIfMover } from '@crm/read-models';
import { ACTOR, policyWith, WhatIfHarness } from './whatif-support/whatif-harness';

/**
 * A candidate with 10% / 30% cut-offs (and shorter lifecycle thresholds) replayed over the real
 * CDNOW sample (2,357 customers, 6,919 orders, first purchases in early 1997, data to mid 1998),
 * compared with the live default policy (5% / 20%).
 */
jest.setTimeout(180_000);

const SAMPLE = path.resolve(__dirname, '../../shared/datasets/cdnow/CDNOW_sample.txt');
const AS_OF = new Date('1998-07-01T00:00:00Z');
const N = 2357;
const candidate = policyWith((p) => {
  p.abc.aPercent = 10;
  p.abc.abPercent = 30;
  p.lifecycle = { newWithinDays: 60, atRiskAfterDays: 60, dormantAfterDays: 120 };
});

const sizes = (c: WhatIfComparison['live']) =>
  Object.fromEntries(c.abc.classes.map((k) => [k.abcClass, k.customers]));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

let h: WhatIfHarness;
let comparison: WhatIfComparison;
let runId: number;
beforeAll(async () => {
  h = await WhatIfHarness.create('whatif_cdnow');
  await importCdnowFile(SAMPLE, h.store, { batchSize: 500, progress: silentProgress });
  await h.projectLive(1000);
  const started = performance.now();
  const { run, outcome } = await h.replay(candidate, 1000);
  const seconds = (performance.now() - started) / 1000;
  expect(outcome).toBe('completed');
  console.log(
    `what-if replay of the CDNOW sample: ${run.eventsRead} events in ${seconds.toFixed(2)} s ` +
      `(${Math.round(run.eventsRead / seconds)} events/s end to end, ${Math.round((run.eventsRead * 1000) / run.activeMs)} events/s in batches)`,
  );
  runId = run.id;
  comparison = await h.whatIf.compare(runId, AS_OF);
});
afterAll(() => h?.dispose());

describe('what-if on the CDNOW sample: 10% / 30% against the live 5% / 20%', () => {
  it('sizes the candidate classes by the rule: A = ceil(10% N), A+B = ceil(30% N), C the rest', () => {
    expect(comparison.candidate.abc.population).toBe(N);
    expect(sizes(comparison.candidate)).toEqual({
      A: Math.ceil(0.1 * N),
      B: Math.ceil(0.3 * N) - Math.ceil(0.1 * N),
      C: N - Math.ceil(0.3 * N),
    });
    expect(sizes(comparison.live)).toEqual({
      A: Math.ceil(0.05 * N),
      B: Math.ceil(0.2 * N) - Math.ceil(0.05 * N),
      C: N - Math.ceil(0.2 * N),
    });
  });

  it('has a class migration matrix that adds up to the customer count, with each policy class size as its margins', () => {
    const m = comparison.classMatrix;
    expect(m.total).toBe(N);
    expect(sum(m.labels.flatMap((f) => m.labels.map((t) => m.counts[f]![t]!)))).toBe(N);
    for (const k of ['A', 'B', 'C']) {
      expect(sum(m.labels.map((t) => m.counts[k]![t]!))).toBe(sizes(comparison.live)[k]);
      expect(sum(m.labels.map((f) => m.counts[f]![k]!))).toBe(sizes(comparison.candidate)[k]);
    }
    expect(m.counts.none).toEqual({ A: 0, B: 0, C: 0, none: 0 });
  });

  it('only moves customers up when the cut-offs widen over the same ranking (A→B, A→C and B→C are empty)', () => {
    const c = comparison.classMatrix.counts;
    expect([c.A!.B, c.A!.C, c.B!.C]).toEqual([0, 0, 0]);
    expect(c.B!.A).toBe(Math.ceil(0.1 * N) - Math.ceil(0.05 * N));
    expect(comparison.classMatrix.moved).toBe(c.B!.A! + c.C!.A! + c.C!.B!);
  });

  it('gives class A a larger share of revenue under the candidate, and shares that add up to 1 under each policy', () => {
    const share = (side: WhatIfComparison['live'], k: string) =>
      Number(side.abc.classes.find((c) => c.abcClass === k)!.revenueShare);
    expect(share(comparison.candidate, 'A')).toBeGreaterThan(share(comparison.live, 'A'));
    for (const side of [comparison.live, comparison.candidate]) {
      expect(sum(['A', 'B', 'C'].map((k) => share(side, k)))).toBeCloseTo(1, 3);
      expect(side.abc.totalRevenue).toBe(comparison.live.abc.totalRevenue);
    }
  });

  it('has a stage matrix over every customer, with the shorter thresholds moving customers to dormant', () => {
    const m = comparison.stageMatrix;
    expect(m.total).toBe(N);
    expect(sum(Object.values(comparison.live.stages))).toBe(N);
    expect(sum(Object.values(comparison.candidate.stages))).toBe(N);
    expect(comparison.candidate.stages.dormant).toBeGreaterThan(comparison.live.stages.dormant!);
    expect(m.counts.dormant!.at_risk).toBe(0); // dormant sooner never means less dormant
  });

  it('lists the customers that change class, page by page, each once, as many as the matrix says', async () => {
    const seen: WhatIfMover[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await h.whatIf.movers(runId, AS_OF, { kind: 'class', after, limit: 100 });
      expect(page.total).toBe(comparison.classMatrix.moved);
      seen.push(...page.items);
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after);
    expect(seen).toHaveLength(comparison.classMatrix.moved);
    expect(pages).toBe(Math.ceil(comparison.classMatrix.moved / 100));
    expect(new Set(seen.map((m) => m.customerId)).size).toBe(seen.length);
    expect(seen.every((m) => m.liveClass !== m.candidateClass && m.name !== null)).toBe(true);
    const ids = seen.map((m) => m.customerId);
    expect(ids).toEqual([...ids].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
    const fromC = await h.whatIf.movers(runId, AS_OF, {
      kind: 'class',
      fromClass: 'C',
      toClass: 'A',
      limit: 5000,
    });
    expect(fromC.total).toBe(comparison.classMatrix.counts.C!.A);
    expect(fromC.items.every((m) => m.liveClass === 'C' && m.candidateClass === 'A')).toBe(true);
  });

  it('counts stage movers as the stage matrix does', async () => {
    const page = await h.whatIf.movers(runId, AS_OF, { kind: 'stage', limit: 10 });
    expect(page.total).toBe(comparison.stageMatrix.moved);
    const any = await h.whatIf.movers(runId, AS_OF, { kind: 'any', limit: 1 });
    expect(any.total).toBeGreaterThanOrEqual(
      Math.max(comparison.stageMatrix.moved, comparison.classMatrix.moved),
    );
  });

  it('refuses to promote twice while the first promotion is live', async () => {
    const ctx = { commandId: 'promote-cdnow-1', actor: ACTOR, changedAt: '1998-07-01T00:00:00Z' };
    const first = await h.whatIf.promote(runId, ctx);
    expect(first.change).toMatchObject({ version: 1, previousVersion: 0, alreadyAppended: false });
    // the same command again answers the first result and appends nothing
    expect((await h.whatIf.promote(runId, ctx)).change).toMatchObject({ version: 1, alreadyAppended: true });
    await expect(h.whatIf.promote(runId, { ...ctx, commandId: 'promote-cdnow-2' })).rejects.toMatchObject({
      code: 'ALREADY_PROMOTED',
    });
  });
});
