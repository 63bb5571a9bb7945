import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { progressOf, type WhatIfRun } from './whatif-run';

const run = (overrides: Partial<WhatIfRun>): WhatIfRun => ({
  id: 1,
  schema: 'whatif_1',
  label: null,
  candidate: DEFAULT_SEGMENTATION_POLICY,
  status: 'running',
  position: '10-4000',
  eventsRead: 4000,
  eventsApplied: 3900,
  eventsTotal: 10_000,
  activeMs: 2000,
  startedAt: new Date(0),
  startedBy: { userId: 'a', role: 'admin' },
  updatedAt: new Date(0),
  finishedAt: null,
  error: null,
  promotion: null,
  droppedAt: null,
  ...overrides,
});

describe('what-if progress', () => {
  it('rates events over the time spent replaying and estimates the rest from that rate', () => {
    expect(progressOf(run({}))).toEqual({ eventsPerSecond: 2000, fraction: 0.4, etaSeconds: 3 });
  });

  it('counts a log that grew during the replay as at least what was read', () => {
    expect(progressOf(run({ eventsRead: 12_000, activeMs: 6000 }))).toMatchObject({
      fraction: 1,
      etaSeconds: 0,
    });
  });

  it('is done when completed, and unknown without a total or before the first batch', () => {
    expect(progressOf(run({ status: 'completed' }))).toMatchObject({ fraction: 1, etaSeconds: 0 });
    expect(progressOf(run({ eventsTotal: null }))).toEqual({
      eventsPerSecond: 2000,
      fraction: null,
      etaSeconds: null,
    });
    expect(progressOf(run({ eventsRead: 0, activeMs: 0 }))).toEqual({
      eventsPerSecond: null,
      fraction: 0,
      etaSeconds: null,
    });
  });
});
