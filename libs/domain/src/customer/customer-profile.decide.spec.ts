import type { CustomerOwnerAssigned, CustomerProfileUpdated } from '@crm/events';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { AssignCustomerOwner, UpdateCustomerProfile } from './customer.commands';
import { customerDecider } from './customer.decider';
import { customerRegistered } from './customer.spec-helper';

const { given } = deciderSpec(customerDecider);

const updateProfile = (overrides: Partial<UpdateCustomerProfile> = {}): UpdateCustomerProfile => ({
  type: 'UpdateCustomerProfile',
  customerId: 'c-1',
  updatedAt: '2024-03-01T08:00:00Z',
  ...overrides,
});

const profileUpdated = (changes: CustomerProfileUpdated['data']['changes']): CustomerProfileUpdated => ({
  type: 'CustomerProfileUpdated',
  data: { customerId: 'c-1', changes, updatedAt: '2024-03-01T08:00:00Z' },
});

const assignOwner = (overrides: Partial<AssignCustomerOwner> = {}): AssignCustomerOwner => ({
  type: 'AssignCustomerOwner',
  customerId: 'c-1',
  repId: 'r-2',
  reason: 'territory split',
  assignedAt: '2024-03-02T08:00:00Z',
  ...overrides,
});

const ownerAssigned = (overrides: Partial<CustomerOwnerAssigned['data']> = {}): CustomerOwnerAssigned => ({
  type: 'CustomerOwnerAssigned',
  data: {
    customerId: 'c-1',
    repId: 'r-2',
    reason: 'territory split',
    assignedAt: '2024-03-02T08:00:00Z',
    ...overrides,
  },
});

describe('customer decider: profile and ownership', () => {
  describe('UpdateCustomerProfile', () => {
    it('records only the fields whose value changes', () => {
      given(customerRegistered({ industry: 'construction' }))
        .when(
          updateProfile({
            name: 'Acme Hardware',
            region: 'North',
            customerType: 'retail',
            industry: 'construction',
            preferredChannel: 'email',
          }),
        )
        .then([profileUpdated({ region: 'North', preferredChannel: 'email' })]);
    });

    it('carries a new customer type as the type field of the changes', () => {
      given(customerRegistered())
        .when(updateProfile({ customerType: 'direct' }))
        .then([profileUpdated({ type: 'direct' })]);
    });

    it('compares against the profile as changed before, not as registered', () => {
      given(customerRegistered(), profileUpdated({ region: 'North' }))
        .when(updateProfile({ region: 'North', source: ' referral ' }))
        .then([profileUpdated({ source: 'referral' })]);
    });

    it('records nothing when every field already has the requested value', () => {
      given(customerRegistered({ partnerId: 'p-9' }))
        .when(updateProfile({ name: ' Acme Hardware ', region: 'East', partnerId: 'p-9' }))
        .then([]);
    });

    it('records nothing for an update without fields', () => {
      given(customerRegistered()).when(updateProfile()).then([]);
    });

    it('treats a blank optional text field as absent', () => {
      given(customerRegistered({ industry: 'construction' }))
        .when(updateProfile({ industry: '  ' }))
        .then([]);
    });

    it('rejects updating a customer that is not registered', () => {
      given()
        .when(updateProfile({ name: 'New' }))
        .thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it.each(['name', 'region'] as const)('rejects blanking the required %s', (field) => {
      given(customerRegistered())
        .when(updateProfile({ [field]: ' ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field });
    });

    it('rejects an unknown customer type', () => {
      given(customerRegistered())
        .when(updateProfile({ customerType: 'wholesale' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'customerType' });
    });

    it('rejects an update time that is not an ISO-8601 date-time', () => {
      given(customerRegistered())
        .when(updateProfile({ name: 'X', updatedAt: 'now' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_TIMESTAMP', field: 'updatedAt' });
    });
  });

  describe('AssignCustomerOwner', () => {
    it('assigns the first owner without a previous rep', () => {
      given(customerRegistered()).when(assignOwner()).then([ownerAssigned()]);
    });

    it('fills the previous rep from the current owner when ownership moves', () => {
      given(customerRegistered(), ownerAssigned({ repId: 'r-1' }))
        .when(assignOwner({ repId: 'r-2', reason: ' rep left ' }))
        .then([ownerAssigned({ repId: 'r-2', previousRepId: 'r-1', reason: 'rep left' })]);
    });

    it('refuses assigning the current owner again', () => {
      given(customerRegistered(), ownerAssigned({ repId: 'r-1' }), ownerAssigned({ repId: 'r-2' }))
        .when(assignOwner({ repId: 'r-2' }))
        .thenRejects({ kind: 'conflict', code: 'OWNER_UNCHANGED', field: 'repId' });
    });

    it('allows giving a customer back to a former owner', () => {
      given(customerRegistered(), ownerAssigned({ repId: 'r-1' }), ownerAssigned({ repId: 'r-2' }))
        .when(assignOwner({ repId: 'r-1' }))
        .then([ownerAssigned({ repId: 'r-1', previousRepId: 'r-2' })]);
    });

    it('rejects assigning an owner to a customer that is not registered', () => {
      given().when(assignOwner()).thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it('rejects an assignment without a reason', () => {
      given(customerRegistered())
        .when(assignOwner({ reason: ' ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'reason' });
    });

    it('rejects an assignment without a rep', () => {
      given(customerRegistered())
        .when(assignOwner({ repId: '' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'repId' });
    });
  });
});
