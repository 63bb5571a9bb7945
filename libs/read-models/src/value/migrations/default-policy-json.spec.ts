import { DEFAULT_SEGMENTATION_POLICY } from '@crm/events';
import { DEFAULT_POLICY_JSON } from './1763900200001-value-functions.migration';

describe('the default policy written into the value migration', () => {
  it('equals DEFAULT_SEGMENTATION_POLICY (a changed default needs a new migration)', () => {
    expect(JSON.parse(DEFAULT_POLICY_JSON)).toEqual(DEFAULT_SEGMENTATION_POLICY);
  });
});
