import type { Upcaster } from './upcaster';

/** What a visit logged before activity types were required is read as. */
export const UNSPECIFIED_ACTIVITY_TYPE = 'unspecified';

/**
 * VisitLogged v1 → v2: v2 requires `activityType`. A v1 event without one (or with a blank one)
 * reads as "unspecified"; a v1 event that already carries one keeps it.
 */
export const visitLoggedV1ToV2: Upcaster = {
  type: 'VisitLogged',
  fromVersion: 1,
  upcast: (data) => {
    const { activityType } = data;
    const known = typeof activityType === 'string' && activityType.trim() !== '';
    return { ...data, activityType: known ? activityType : UNSPECIFIED_ACTIVITY_TYPE };
  },
};
