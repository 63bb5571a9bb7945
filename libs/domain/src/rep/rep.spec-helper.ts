import type { RepOnboarded } from '@crm/events';
import type { OnboardRep } from './rep.commands';

/** Commands and events about one rep "r-1", each overridable field by field. */

export const onboardRep = (overrides: Partial<OnboardRep> = {}): OnboardRep => ({
  type: 'OnboardRep',
  repId: 'r-1',
  name: 'Li Wei',
  region: 'East',
  managerId: 'm-1',
  onboardedAt: '2024-01-02T09:00:00Z',
  ...overrides,
});

export const repOnboarded = (overrides: Partial<RepOnboarded['data']> = {}): RepOnboarded => ({
  type: 'RepOnboarded',
  data: {
    repId: 'r-1',
    name: 'Li Wei',
    region: 'East',
    managerId: 'm-1',
    onboardedAt: '2024-01-02T09:00:00Z',
    ...overrides,
  },
});
