import type { OpportunityLost, OpportunityWon } from '@crm/events';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { LoseOpportunity, OpenOpportunity, WinOpportunity } from './customer.commands';
import { customerDecider } from './customer.decider';
import { customerRegistered, opportunityOpened, orderRecorded } from './customer.spec-helper';

const { given } = deciderSpec(customerDecider);

const openOpportunity = (overrides: Partial<OpenOpportunity> = {}): OpenOpportunity => ({
  type: 'OpenOpportunity',
  customerId: 'c-1',
  opportunityId: 'opp-1',
  repId: 'r-1',
  title: 'Spring restock',
  expectedAmount: '12000',
  stage: 'qualification',
  openedAt: '2024-02-10T09:00:00Z',
  ...overrides,
});

const winOpportunity = (overrides: Partial<WinOpportunity> = {}): WinOpportunity => ({
  type: 'WinOpportunity',
  customerId: 'c-1',
  opportunityId: 'opp-1',
  wonAt: '2024-03-01T09:00:00Z',
  ...overrides,
});

const opportunityWon = (overrides: Partial<OpportunityWon['data']> = {}): OpportunityWon => ({
  type: 'OpportunityWon',
  data: { customerId: 'c-1', opportunityId: 'opp-1', wonAt: '2024-03-01T09:00:00Z', ...overrides },
});

const loseOpportunity = (overrides: Partial<LoseOpportunity> = {}): LoseOpportunity => ({
  type: 'LoseOpportunity',
  customerId: 'c-1',
  opportunityId: 'opp-1',
  reason: 'price',
  lostAt: '2024-03-02T09:00:00Z',
  ...overrides,
});

const opportunityLost = (overrides: Partial<OpportunityLost['data']> = {}): OpportunityLost => ({
  type: 'OpportunityLost',
  data: {
    customerId: 'c-1',
    opportunityId: 'opp-1',
    reason: 'price',
    lostAt: '2024-03-02T09:00:00Z',
    ...overrides,
  },
});

describe('customer decider: opportunities', () => {
  describe('OpenOpportunity', () => {
    it('opens an opportunity with its expected amount in canonical money', () => {
      given(customerRegistered())
        .when(openOpportunity({ expectedCloseDate: '2024-04-30' }))
        .then([opportunityOpened({ expectedCloseDate: '2024-04-30' })]);
    });

    it('refuses opening an opportunity id a second time', () => {
      given(customerRegistered(), opportunityOpened())
        .when(openOpportunity({ title: 'Again' }))
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_ALREADY_OPENED', field: 'opportunityId' });
    });

    it('refuses reopening an opportunity id that was already won', () => {
      given(customerRegistered(), opportunityOpened(), opportunityWon())
        .when(openOpportunity())
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_ALREADY_OPENED', field: 'opportunityId' });
    });

    it('rejects an opportunity for a customer that is not registered', () => {
      given()
        .when(openOpportunity())
        .thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it.each(['0', '0.00'])('rejects the expected amount %j, which is not above zero', (expectedAmount) => {
      given(customerRegistered())
        .when(openOpportunity({ expectedAmount }))
        .thenRejects({ kind: 'invalid', code: 'NOT_POSITIVE', field: 'expectedAmount' });
    });

    it('rejects an expected amount that is not Money', () => {
      given(customerRegistered())
        .when(openOpportunity({ expectedAmount: '12,000' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_MONEY', field: 'expectedAmount' });
    });

    it('rejects an unknown stage', () => {
      given(customerRegistered())
        .when(openOpportunity({ stage: 'dreaming' as never }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_VALUE', field: 'stage' });
    });

    it.each(['2024-02-30', '2024-13-01', '30.04.2024', '2024-04-30T00:00:00Z'])(
      'rejects the expected close date %j, which is not a calendar date',
      (expectedCloseDate) => {
        given(customerRegistered())
          .when(openOpportunity({ expectedCloseDate }))
          .thenRejects({ kind: 'invalid', code: 'INVALID_DATE', field: 'expectedCloseDate' });
      },
    );

    it('rejects an opportunity without a title', () => {
      given(customerRegistered())
        .when(openOpportunity({ title: ' ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'title' });
    });
  });

  describe('WinOpportunity', () => {
    it('wins an open opportunity', () => {
      given(customerRegistered(), opportunityOpened()).when(winOpportunity()).then([opportunityWon()]);
    });

    it('links the win to an order of the customer', () => {
      given(customerRegistered(), opportunityOpened(), orderRecorded({ orderId: 'o-1' }))
        .when(winOpportunity({ orderId: 'o-1' }))
        .then([opportunityWon({ orderId: 'o-1' })]);
    });

    it('rejects a win linked to an order the customer does not have', () => {
      given(customerRegistered(), opportunityOpened())
        .when(winOpportunity({ orderId: 'o-9' }))
        .thenRejects({ kind: 'not_found', code: 'ORDER_NOT_FOUND', field: 'orderId' });
    });

    it('rejects winning an opportunity that was never opened', () => {
      given(customerRegistered(), opportunityOpened({ opportunityId: 'opp-2' }))
        .when(winOpportunity())
        .thenRejects({ kind: 'not_found', code: 'OPPORTUNITY_NOT_FOUND', field: 'opportunityId' });
    });

    it('refuses winning an opportunity that was already won', () => {
      given(customerRegistered(), opportunityOpened(), opportunityWon())
        .when(winOpportunity())
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_NOT_OPEN', field: 'opportunityId' });
    });

    it('refuses winning an opportunity that was lost', () => {
      given(customerRegistered(), opportunityOpened(), opportunityLost())
        .when(winOpportunity())
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_NOT_OPEN', field: 'opportunityId' });
    });

    it('rejects a win for a customer that is not registered', () => {
      given()
        .when(winOpportunity())
        .thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });
  });

  describe('LoseOpportunity', () => {
    it('loses an open opportunity with the reason and the competitor that won it', () => {
      given(customerRegistered(), opportunityOpened())
        .when(loseOpportunity({ reason: ' price ', lostTo: ' Rival Electronics ' }))
        .then([opportunityLost({ lostTo: 'Rival Electronics' })]);
    });

    it('rejects losing an opportunity that was never opened', () => {
      given(customerRegistered())
        .when(loseOpportunity())
        .thenRejects({ kind: 'not_found', code: 'OPPORTUNITY_NOT_FOUND', field: 'opportunityId' });
    });

    it('refuses losing an opportunity that was won', () => {
      given(customerRegistered(), opportunityOpened(), opportunityWon())
        .when(loseOpportunity())
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_NOT_OPEN', field: 'opportunityId' });
    });

    it('refuses losing an opportunity twice', () => {
      given(customerRegistered(), opportunityOpened(), opportunityLost())
        .when(loseOpportunity())
        .thenRejects({ kind: 'conflict', code: 'OPPORTUNITY_NOT_OPEN', field: 'opportunityId' });
    });

    it('rejects a loss without a reason', () => {
      given(customerRegistered(), opportunityOpened())
        .when(loseOpportunity({ reason: '' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'reason' });
    });
  });
});
