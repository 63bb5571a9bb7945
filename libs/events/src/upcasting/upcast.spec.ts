import { SCHEMA_VERSIONS } from '../schema';
import { eventUpcasters, upcast } from './upcast';

const visitV1 = {
  customerId: 'c-1',
  visitId: 'v-1',
  repId: 'r-1',
  channel: 'onsite',
  cost: '35.50',
  visitedAt: '2024-02-01T10:00:00Z',
};

describe('upcast (the event contracts)', () => {
  it('reads a VisitLogged v1 without an activity type as v2 with activityType "unspecified"', () => {
    expect(upcast('VisitLogged', 1, visitV1)).toEqual({
      schemaVersion: 2,
      data: { ...visitV1, activityType: 'unspecified' },
    });
  });

  it('keeps the activity type a VisitLogged v1 already carried', () => {
    expect(upcast('VisitLogged', 1, { ...visitV1, activityType: 'product demo' }).data).toEqual({
      ...visitV1,
      activityType: 'product demo',
    });
  });

  it('reads a blank v1 activity type as "unspecified"', () => {
    expect(upcast('VisitLogged', 1, { ...visitV1, activityType: ' ' }).data).toMatchObject({
      activityType: 'unspecified',
    });
  });

  it('leaves a VisitLogged v2 as it is', () => {
    const v2 = { ...visitV1, activityType: 'training' };
    expect(upcast('VisitLogged', 2, v2)).toEqual({ schemaVersion: 2, data: v2 });
  });

  it('leaves event types it does not know untouched', () => {
    expect(upcast('SomethingElse', 1, { a: 1 })).toEqual({ schemaVersion: 1, data: { a: 1 } });
  });

  it('lifts every event type from v1 to its current schema version (no gap in any chain)', () => {
    for (const [type, current] of Object.entries(SCHEMA_VERSIONS)) {
      for (let version = 1; version < current; version++) {
        expect({ type, version, has: eventUpcasters.has(type, version) }).toEqual({
          type,
          version,
          has: true,
        });
      }
    }
  });
});
