import { invalid, notFound } from '../shared/domain-error';
import type { CustomerState } from './customer.state';

/** The command's customer must be registered, and be the customer whose history was folded. */
export const requireRegistered = (state: CustomerState, customerId: string): void => {
  if (!state.registered) {
    throw notFound('CUSTOMER_NOT_FOUND', `Customer ${customerId} is not registered`);
  }
  if (state.customerId !== customerId) {
    throw invalid(
      'CUSTOMER_ID_MISMATCH',
      `Command for customer ${customerId} was decided against customer ${String(state.customerId)}`,
      'customerId',
    );
  }
};
