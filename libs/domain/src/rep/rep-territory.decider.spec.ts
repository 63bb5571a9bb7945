import type { TerritoryAssigned } from '@crm/events';
import { foldEvents } from '../shared/decider';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { AssignTerritory } from './rep.commands';
import { repDecider } from './rep.decider';
import { repOnboarded } from './rep.spec-helper';

const { given } = deciderSpec(repDecider);

const assignTerritory = (overrides: Partial<AssignTerritory> = {}): AssignTerritory => ({
  type: 'AssignTerritory',
  repId: 'r-1',
  regions: ['East'],
  assignedAt: '2024-01-03T09:00:00Z',
  ...overrides,
});

const territoryAssigned = (overrides: Partial<TerritoryAssigned['data']> = {}): TerritoryAssigned => ({
  type: 'TerritoryAssigned',
  data: {
    repId: 'r-1',
    regions: ['East'],
    categories: [],
    brands: [],
    assignedAt: '2024-01-03T09:00:00Z',
    ...overrides,
  },
});

describe('rep decider: AssignTerritory', () => {
  it('assigns regions, with no category or brand restriction by default', () => {
    given(repOnboarded()).when(assignTerritory()).then([territoryAssigned()]);
  });

  it('assigns regions, categories and brands, trimmed and de-duplicated in first-seen order', () => {
    given(repOnboarded())
      .when(
        assignTerritory({
          regions: ['East', ' North', 'East '],
          categories: ['televisions', 'audio', 'televisions'],
          brands: ['Lumina', ' Lumina'],
        }),
      )
      .then([
        territoryAssigned({
          regions: ['East', 'North'],
          categories: ['televisions', 'audio'],
          brands: ['Lumina'],
        }),
      ]);
  });

  it('replaces the previous territory with a new one', () => {
    given(repOnboarded(), territoryAssigned({ regions: ['East', 'North'] }))
      .when(assignTerritory({ regions: ['West'] }))
      .then([territoryAssigned({ regions: ['West'] })]);
  });

  it('rejects a territory without regions', () => {
    given(repOnboarded())
      .when(assignTerritory({ regions: [] }))
      .thenRejects({ kind: 'invalid', code: 'EMPTY_TERRITORY', field: 'regions' });
  });

  it('rejects a blank region and names its position', () => {
    given(repOnboarded())
      .when(assignTerritory({ regions: ['East', '  '] }))
      .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'regions[1]' });
  });

  it('rejects regions that are not a list', () => {
    given(repOnboarded())
      .when(assignTerritory({ regions: 'East' as never }))
      .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'regions' });
  });

  it('rejects a territory for a rep that is not onboarded', () => {
    given().when(assignTerritory()).thenRejects({ kind: 'not_found', code: 'REP_NOT_FOUND', field: null });
  });

  it('rejects a territory decided against another rep', () => {
    given(repOnboarded())
      .when(assignTerritory({ repId: 'r-2' }))
      .thenRejects({ kind: 'invalid', code: 'REP_ID_MISMATCH', field: 'repId' });
  });

  it('remembers the territory assigned last', () => {
    const state = foldEvents(repDecider, [
      repOnboarded(),
      territoryAssigned({ regions: ['East'] }),
      territoryAssigned({ regions: ['West'], brands: ['Lumina'] }),
    ]);
    expect(state.territory).toEqual({ regions: ['West'], categories: [], brands: ['Lumina'] });
  });
});
