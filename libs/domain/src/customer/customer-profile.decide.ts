import {
  CONTACT_CHANNELS,
  CUSTOMER_TYPES,
  type CustomerOwnerAssigned,
  type CustomerProfileUpdated,
  type CustomerRegistered,
} from '@crm/events';
import { conflict } from '../shared/domain-error';
import {
  compact,
  optionalId,
  optionalOneOf,
  optionalText,
  requireId,
  requireOneOf,
  requireText,
  requireTimestamp,
} from '../shared/validation';
import type { AssignCustomerOwner, RegisterCustomer, UpdateCustomerProfile } from './customer.commands';
import { requireRegistered } from './customer.guards';
import type { CustomerProfile, CustomerState } from './customer.state';

export const registerCustomer = (command: RegisterCustomer, state: CustomerState): CustomerRegistered => {
  const data: CustomerRegistered['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    name: requireText(command.name, 'name'),
    type: requireOneOf(command.customerType, CUSTOMER_TYPES, 'customerType'),
    region: requireText(command.region, 'region'),
    industry: optionalText(command.industry, 'industry'),
    preferredChannel: optionalOneOf(command.preferredChannel, CONTACT_CHANNELS, 'preferredChannel'),
    source: optionalText(command.source, 'source'),
    partnerId: optionalId(command.partnerId, 'partnerId'),
    externalId: optionalId(command.externalId, 'externalId'),
    registeredAt: requireTimestamp(command.registeredAt, 'registeredAt'),
  });
  if (state.registered) {
    throw conflict('CUSTOMER_ALREADY_REGISTERED', `Customer ${data.customerId} is already registered`);
  }
  return { type: 'CustomerRegistered', data };
};

/**
 * Records only the fields whose value differs from the current profile; when none does, nothing
 * is recorded ([]). Absent fields are left as they are (a field cannot be cleared).
 */
export const updateCustomerProfile = (
  command: UpdateCustomerProfile,
  state: CustomerState,
): CustomerProfileUpdated[] => {
  const customerId = requireId(command.customerId, 'customerId');
  const requested: CustomerProfileUpdated['data']['changes'] = compact({
    name: optionalRequiredText(command.name, 'name'),
    type: optionalOneOf(command.customerType, CUSTOMER_TYPES, 'customerType'),
    region: optionalRequiredText(command.region, 'region'),
    industry: optionalText(command.industry, 'industry'),
    preferredChannel: optionalOneOf(command.preferredChannel, CONTACT_CHANNELS, 'preferredChannel'),
    source: optionalText(command.source, 'source'),
    partnerId: optionalId(command.partnerId, 'partnerId'),
  });
  const updatedAt = requireTimestamp(command.updatedAt, 'updatedAt');
  requireRegistered(state, customerId);

  const current = state.profile as CustomerProfile;
  const changes = Object.fromEntries(
    Object.entries(requested).filter(([field, value]) => current[field as keyof CustomerProfile] !== value),
  ) as CustomerProfileUpdated['data']['changes'];
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'CustomerProfileUpdated', data: { customerId, changes, updatedAt } }];
};

/** Moves ownership to another rep; assigning the current owner again is refused. */
export const assignCustomerOwner = (
  command: AssignCustomerOwner,
  state: CustomerState,
): CustomerOwnerAssigned => {
  const customerId = requireId(command.customerId, 'customerId');
  const repId = requireId(command.repId, 'repId');
  const reason = requireText(command.reason, 'reason');
  const assignedAt = requireTimestamp(command.assignedAt, 'assignedAt');
  requireRegistered(state, customerId);
  if (state.ownerRepId === repId) {
    throw conflict('OWNER_UNCHANGED', `Rep ${repId} already owns customer ${customerId}`, 'repId');
  }
  return {
    type: 'CustomerOwnerAssigned',
    data: compact({
      customerId,
      repId,
      previousRepId: state.ownerRepId ?? undefined,
      reason,
      assignedAt,
    }),
  };
};

/** Absent is fine; present must be non-blank text (a name or region cannot be blanked). */
const optionalRequiredText = (value: unknown, field: string): string | undefined =>
  value === undefined || value === null ? undefined : requireText(value, field);
