import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { ValueHarness, line } from './value-support/value-events';

/** ABC classification (DOMAIN.md) computed by read_models.abc_classes over order_fact. */
let h: ValueHarness;

beforeAll(async () => {
  h = await ValueHarness.create('value_abc');
});
afterAll(async () => {
  await h?.dispose();
});

const AS_OF = '2026-01-01T00:00:00Z';
const id = (n: number) => `c${String(n).padStart(2, '0')}`;

interface AbcRow {
  customer_id: string;
  measure_value: string;
  rank: string;
  abc_class: string;
}

const classes = async (asOf: string, policy?: unknown): Promise<AbcRow[]> =>
  policy === undefined
    ? h.query(`SELECT * FROM read_models.live_abc_classes($1) ORDER BY rank`, [asOf])
    : h.query(`SELECT * FROM read_models.abc_classes($1, $2::jsonb) ORDER BY rank`, [
        asOf,
        JSON.stringify(policy),
      ]);

describe('ABC classification', () => {
  beforeAll(async () => {
    const events = [];
    for (let n = 1; n <= 41; n++) events.push(h.registered(id(n)));
    // Registered at as_of: not part of the population (N counts customers registered before as_of).
    events.push(h.registered('c42', AS_OF));
    const revenue: Record<number, string> = {
      10: '1000',
      3: '900',
      5: '900',
      1: '700',
      2: '600',
      4: '500',
      6: '400',
      12: '300',
      13: '200',
      7: '100',
    };
    for (const [n, amount] of Object.entries(revenue))
      events.push(h.order(id(Number(n)), `o-${n}`, '2025-06-15T12:00:00Z', amount));
    for (let n = 14; n <= 30; n++)
      events.push(h.order(id(n), `o-${n}`, '2025-03-01T00:00:00Z', [line(2, '5.00')]));
    events.push(h.order('c08', 'o-8-start', '2025-01-01T00:00:00Z', '800')); // first instant of the window
    events.push(h.order('c09', 'o-9-end', AS_OF, '10000')); // as_of itself: outside
    events.push(h.order('c11', 'o-11-before', '2024-12-31T23:59:59.999Z', '10000')); // just before: outside
    events.push(h.order('c07', 'o-7-big', '2025-07-01T00:00:00Z', '5000'));
    events.push(h.cancelled('c07', 'o-7-big', '2026-02-01T00:00:00Z')); // cancelled after as_of: still excluded
    events.push(h.order('c42', 'o-42', '2025-05-01T00:00:00Z', '99999'));
    await h.feed(events, 7);
  });

  it('ranks N = 41 customers: A = ranks 1..ceil(2.05) = 3, B up to ceil(8.2) = 9, C the rest', async () => {
    const rows = await classes(AS_OF);
    expect(rows).toHaveLength(41);
    expect(rows.map((r) => Number(r.rank))).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    const byClass = (c: string) => rows.filter((r) => r.abc_class === c).map((r) => r.customer_id);
    expect(byClass('A')).toEqual(['c10', 'c03', 'c05']);
    expect(byClass('B')).toEqual(['c08', 'c01', 'c02', 'c04', 'c06', 'c12']);
    expect(byClass('C')).toHaveLength(32);
    expect(rows[9]).toMatchObject({ customer_id: 'c13', abc_class: 'C', measure_value: '200.00' });
  });

  it('breaks ties by customer id ascending', async () => {
    const rows = await classes(AS_OF);
    expect(rows.slice(1, 3).map((r) => r.customer_id)).toEqual(['c03', 'c05']);
    const tens = rows.filter((r) => r.measure_value === '10.00').map((r) => r.customer_id);
    expect(tens).toEqual(Array.from({ length: 17 }, (_, i) => id(i + 14)));
  });

  it('puts customers with nothing in the window last, by id, with measure 0', async () => {
    const rows = await classes(AS_OF);
    expect(rows.slice(28).map((r) => r.customer_id)).toEqual([
      'c09',
      'c11',
      ...Array.from({ length: 11 }, (_, i) => id(i + 31)),
    ]);
    expect(rows.slice(28).every((r) => Number(r.measure_value) === 0 && r.abc_class === 'C')).toBe(true);
  });

  it('counts the window half-open: its first instant in, as_of itself and earlier instants out', async () => {
    const rows = await classes(AS_OF);
    const of = (c: string) => rows.find((r) => r.customer_id === c)!;
    expect(of('c08')).toMatchObject({ measure_value: '800.00', rank: '4' });
    expect(of('c09').rank).toBe('29');
    expect(of('c11').rank).toBe('30');
  });

  it('never counts a cancelled order, even one cancelled after as_of', async () => {
    const rows = await classes(AS_OF);
    expect(rows.find((r) => r.customer_id === 'c07')).toMatchObject({ measure_value: '100.00', rank: '11' });
  });

  it('leaves out customers registered at or after as_of', async () => {
    expect((await classes(AS_OF)).some((r) => r.customer_id === 'c42')).toBe(false);
    expect(await classes('2026-01-01T00:00:00.001Z')).toHaveLength(42);
  });

  it('takes the measure and cut-offs from the given policy', async () => {
    const policy = structuredClone(DEFAULT_SEGMENTATION_POLICY);
    policy.abc.aPercent = 10; // ceil(4.1) = 5
    policy.abc.abPercent = 50; // ceil(20.5) = 21
    policy.abc.windowMonths = 6; // [2025-07-01, 2026-01-01): only c07's cancelled order would fall in it
    const rows = await classes(AS_OF, policy);
    expect(rows.filter((r) => r.abc_class === 'A')).toHaveLength(5);
    expect(rows.filter((r) => r.abc_class !== 'C')).toHaveLength(21);
    expect(rows.every((r) => Number(r.measure_value) === 0)).toBe(true);
    expect(rows.slice(0, 3).map((r) => r.customer_id)).toEqual(['c01', 'c02', 'c03']);
  });
});

describe('ABC by gross margin and the live policy', () => {
  let g: ValueHarness;
  beforeAll(async () => {
    g = await ValueHarness.create('value_abc_margin');
    await g.feed([
      ...['g1', 'g2', 'g3', 'g4'].map((c) => g.registered(c)),
      g.order('g1', 'm1', '2025-05-01T00:00:00Z', [line(1, '100.00', undefined, '90.00')]), // margin 10
      g.order('g2', 'm2', '2025-05-01T00:00:00Z', [line(1, '50.00', undefined, '10.00')]), // margin 40
      // cost unknown on one line: the order adds no margin, yet g3 has something in the window
      g.order('g3', 'm3', '2025-05-01T00:00:00Z', [line(1, '1000.00', undefined, '1.00'), line(1, '5.00')]),
    ]);
  });
  afterAll(async () => {
    await g?.dispose();
  });

  it('uses the default policy until a SegmentationPolicyChanged, then the last one', async () => {
    const [before] = await g.query<{ p: unknown }>(`SELECT read_models.live_policy() AS p`);
    expect(before!.p).toEqual(DEFAULT_SEGMENTATION_POLICY);
    await g.feed([
      g.policy(1, (p) => ({ ...p, abc: { ...p.abc, measure: 'gross_margin' } })),
      g.policy(2, (p) => ({ ...p, abc: { ...p.abc, measure: 'gross_margin', aPercent: 25, abPercent: 50 } })),
    ]);
    const [after] = await g.query<{ p: { abc: { aPercent: number } } }>(
      `SELECT read_models.live_policy() AS p`,
    );
    expect(after!.p.abc.aPercent).toBe(25);
  });

  it('ranks by amount − cost over orders with a known cost; unknown cost counts 0', async () => {
    const rows = await g.query<AbcRow>(`SELECT * FROM read_models.live_abc_classes($1) ORDER BY rank`, [
      AS_OF,
    ]);
    expect(rows.map((r) => [r.customer_id, r.measure_value, r.abc_class])).toEqual([
      ['g2', '40.00', 'A'],
      ['g1', '10.00', 'B'],
      ['g3', '0.00', 'C'],
      ['g4', '0.00', 'C'],
    ]);
  });
});
