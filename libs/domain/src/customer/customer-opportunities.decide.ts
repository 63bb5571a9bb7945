import {
  OPPORTUNITY_STAGES,
  type OpportunityLost,
  type OpportunityOpened,
  type OpportunityWon,
} from '@crm/events';
import { conflict, invalid, notFound } from '../shared/domain-error';
import { canonicalMoney, isPositiveMoney } from '../shared/money';
import {
  compact,
  optionalDate,
  optionalId,
  optionalText,
  requireId,
  requireOneOf,
  requireText,
  requireTimestamp,
} from '../shared/validation';
import type { LoseOpportunity, OpenOpportunity, WinOpportunity } from './customer.commands';
import { requireRegistered } from './customer.guards';
import type { CustomerState } from './customer.state';

/** Opens an opportunity; an opportunity id is opened once (whatever became of it). */
export const openOpportunity = (command: OpenOpportunity, state: CustomerState): OpportunityOpened => {
  const expectedAmount = canonicalMoney(command.expectedAmount, 'expectedAmount');
  if (!isPositiveMoney(expectedAmount)) {
    throw invalid('NOT_POSITIVE', 'expectedAmount must be greater than zero', 'expectedAmount');
  }
  const data: OpportunityOpened['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    opportunityId: requireId(command.opportunityId, 'opportunityId'),
    repId: optionalId(command.repId, 'repId'),
    title: requireText(command.title, 'title'),
    expectedAmount,
    stage: requireOneOf(command.stage, OPPORTUNITY_STAGES, 'stage'),
    expectedCloseDate: optionalDate(command.expectedCloseDate, 'expectedCloseDate'),
    openedAt: requireTimestamp(command.openedAt, 'openedAt'),
  });
  requireRegistered(state, data.customerId);
  if (state.opportunities.has(data.opportunityId)) {
    throw conflict(
      'OPPORTUNITY_ALREADY_OPENED',
      `Opportunity ${data.opportunityId} was already opened for customer ${data.customerId}`,
      'opportunityId',
    );
  }
  return { type: 'OpportunityOpened', data };
};

/** Wins an open opportunity; the order that realised it, if named, must be one of the customer's. */
export const winOpportunity = (command: WinOpportunity, state: CustomerState): OpportunityWon => {
  const data: OpportunityWon['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    opportunityId: requireId(command.opportunityId, 'opportunityId'),
    orderId: optionalId(command.orderId, 'orderId'),
    wonAt: requireTimestamp(command.wonAt, 'wonAt'),
  });
  requireOpen(state, data.customerId, data.opportunityId);
  if (data.orderId !== undefined && !state.orders.has(data.orderId)) {
    throw notFound('ORDER_NOT_FOUND', `Customer ${data.customerId} has no order ${data.orderId}`, 'orderId');
  }
  return { type: 'OpportunityWon', data };
};

/** Loses an open opportunity, with the reason and, when known, the competitor that won it. */
export const loseOpportunity = (command: LoseOpportunity, state: CustomerState): OpportunityLost => {
  const data: OpportunityLost['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    opportunityId: requireId(command.opportunityId, 'opportunityId'),
    reason: requireText(command.reason, 'reason'),
    lostTo: optionalText(command.lostTo, 'lostTo'),
    lostAt: requireTimestamp(command.lostAt, 'lostAt'),
  });
  requireOpen(state, data.customerId, data.opportunityId);
  return { type: 'OpportunityLost', data };
};

const requireOpen = (state: CustomerState, customerId: string, opportunityId: string): void => {
  requireRegistered(state, customerId);
  const status = state.opportunities.get(opportunityId);
  if (status === undefined) {
    throw notFound(
      'OPPORTUNITY_NOT_FOUND',
      `Customer ${customerId} has no opportunity ${opportunityId}`,
      'opportunityId',
    );
  }
  if (status !== 'open') {
    throw conflict(
      'OPPORTUNITY_NOT_OPEN',
      `Opportunity ${opportunityId} is already ${status}`,
      'opportunityId',
    );
  }
};
