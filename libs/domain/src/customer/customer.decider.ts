import type { CustomerEvent } from '@crm/events';
import { assertNever } from '../shared/assert-never';
import type { Decider } from '../shared/decider';
import type { CustomerCommand } from './customer.commands';
import { addContactPerson, logVisit, recordCompetitorFeedback } from './customer-contacts.decide';
import { loseOpportunity, openOpportunity, winOpportunity } from './customer-opportunities.decide';
import { cancelOrder, recordOrder, recordPayment } from './customer-orders.decide';
import { assignCustomerOwner, registerCustomer, updateCustomerProfile } from './customer-profile.decide';
import { evolveCustomer, foldCustomer } from './customer.evolve';
import { initialCustomerState, type CustomerState } from './customer.state';

export { evolveCustomer, foldCustomer, initialCustomerState };

/**
 * Decides what a customer command records. Input is validated first (invalid), then the
 * customer's history is consulted (not_found, conflict). All Money in the events is canonical
 * ("12.50"); amounts are computed exactly. A command that would change nothing records nothing
 * (UpdateCustomerProfile with the current values returns []).
 */
export const decideCustomer = (command: CustomerCommand, state: CustomerState): CustomerEvent[] => {
  switch (command.type) {
    case 'RegisterCustomer':
      return [registerCustomer(command, state)];
    case 'UpdateCustomerProfile':
      return updateCustomerProfile(command, state);
    case 'AssignCustomerOwner':
      return [assignCustomerOwner(command, state)];
    case 'AddContactPerson':
      return [addContactPerson(command, state)];
    case 'LogVisit':
      return [logVisit(command, state)];
    case 'RecordCompetitorFeedback':
      return [recordCompetitorFeedback(command, state)];
    case 'OpenOpportunity':
      return [openOpportunity(command, state)];
    case 'WinOpportunity':
      return [winOpportunity(command, state)];
    case 'LoseOpportunity':
      return [loseOpportunity(command, state)];
    case 'RecordOrder':
      return [recordOrder(command, state)];
    case 'CancelOrder':
      return [cancelOrder(command, state)];
    case 'RecordPayment':
      return [recordPayment(command, state)];
    default:
      return assertNever(command);
  }
};

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: initialCustomerState,
  decide: decideCustomer,
  evolve: evolveCustomer,
  fold: foldCustomer,
};
