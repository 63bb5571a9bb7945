import { checkpointKey, type Projection } from './projection';
import { spreadProjections } from './projection-engine';

const projection = (name: string, weight?: number): Projection => ({
  name,
  version: 1,
  handles: new Set(),
  apply: async () => undefined,
  ...(weight === undefined ? {} : { weight }),
});

const names = (shares: Projection[][]) => shares.map((s) => s.map((p) => p.name));
const weights = (shares: Projection[][]) => shares.map((s) => s.reduce((sum, p) => sum + (p.weight ?? 1), 0));

describe('spreadProjections', () => {
  const all = [
    projection('summary'),
    projection('value', 6),
    projection('index', 2),
    projection('quota'),
    projection('contact'),
    projection('cube'),
    projection('channel'),
    projection('competitor'),
    projection('pipeline'),
  ];

  it('puts every projection in exactly one share', () => {
    for (const lanes of [1, 2, 3, 9, 20]) {
      const shares = spreadProjections(all, lanes);
      expect(shares.flat().map(checkpointKey).sort()).toEqual(all.map(checkpointKey).sort());
      expect(shares.length).toBe(Math.min(lanes, all.length));
    }
  });

  it('balances the shares by weight, heaviest first', () => {
    const shares = spreadProjections(all, 2);
    expect(weights(shares)).toEqual([8, 7]);
    expect(shares[0]![0]!.name).toBe('value');
    expect(names(spreadProjections(all, 1))).toEqual([
      ['value', 'index', 'channel', 'competitor', 'contact', 'cube', 'pipeline', 'quota', 'summary'],
    ]);
  });

  it('makes the same shares whatever order the projections come in', () => {
    const reversed = spreadProjections([...all].reverse(), 3);
    expect(names(reversed)).toEqual(names(spreadProjections(all, 3)));
  });
});
