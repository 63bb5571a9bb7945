import {
  CONTACT_CHANNELS,
  type CompetitorFeedbackRecorded,
  type ContactPersonAdded,
  type VisitLogged,
} from '@crm/events';
import { conflict, invalid, notFound } from '../shared/domain-error';
import { canonicalMoney } from '../shared/money';
import {
  compact,
  optionalId,
  optionalText,
  requireId,
  requireIntegerInRange,
  requireOneOf,
  requireText,
  requireTimestamp,
} from '../shared/validation';
import type { AddContactPerson, LogVisit, RecordCompetitorFeedback } from './customer.commands';
import { requireRegistered } from './customer.guards';
import type { CustomerState } from './customer.state';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A person at the customer; the contact person id is unique per customer. */
export const addContactPerson = (command: AddContactPerson, state: CustomerState): ContactPersonAdded => {
  const email = optionalText(command.email, 'email');
  if (email !== undefined && !EMAIL.test(email)) {
    throw invalid('INVALID_EMAIL', 'email must be an e-mail address', 'email');
  }
  const data: ContactPersonAdded['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    contactPersonId: requireId(command.contactPersonId, 'contactPersonId'),
    name: requireText(command.name, 'name'),
    role: optionalText(command.role, 'role'),
    phone: optionalText(command.phone, 'phone'),
    email,
    addedAt: requireTimestamp(command.addedAt, 'addedAt'),
  });
  requireRegistered(state, data.customerId);
  if (state.contactPersonIds.has(data.contactPersonId)) {
    throw conflict(
      'CONTACT_PERSON_ALREADY_ADDED',
      `Contact person ${data.contactPersonId} was already added to customer ${data.customerId}`,
      'contactPersonId',
    );
  }
  return { type: 'ContactPersonAdded', data };
};

/** A contact with the customer; a contact person named must be one added before. */
export const logVisit = (command: LogVisit, state: CustomerState): VisitLogged => {
  const data: VisitLogged['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    visitId: requireId(command.visitId, 'visitId'),
    repId: requireId(command.repId, 'repId'),
    contactPersonId: optionalId(command.contactPersonId, 'contactPersonId'),
    channel: requireOneOf(command.channel, CONTACT_CHANNELS, 'channel'),
    activityType: requireText(command.activityType, 'activityType'),
    purpose: optionalText(command.purpose, 'purpose'),
    outcome: optionalText(command.outcome, 'outcome'),
    cost: canonicalMoney(command.cost, 'cost'),
    visitedAt: requireTimestamp(command.visitedAt, 'visitedAt'),
  });
  requireRegistered(state, data.customerId);
  if (data.contactPersonId !== undefined && !state.contactPersonIds.has(data.contactPersonId)) {
    throw notFound(
      'CONTACT_PERSON_NOT_FOUND',
      `Customer ${data.customerId} has no contact person ${data.contactPersonId}`,
      'contactPersonId',
    );
  }
  return { type: 'VisitLogged', data };
};

/** A quantified evaluation of a competitor's product: rating 1–5, feedback id recorded once. */
export const recordCompetitorFeedback = (
  command: RecordCompetitorFeedback,
  state: CustomerState,
): CompetitorFeedbackRecorded => {
  const data: CompetitorFeedbackRecorded['data'] = compact({
    customerId: requireId(command.customerId, 'customerId'),
    feedbackId: requireId(command.feedbackId, 'feedbackId'),
    repId: optionalId(command.repId, 'repId'),
    competitor: requireText(command.competitor, 'competitor'),
    product: requireText(command.product, 'product'),
    rating: requireIntegerInRange(command.rating, 1, 5, 'rating'),
    comment: optionalText(command.comment, 'comment'),
    observedAt: requireTimestamp(command.observedAt, 'observedAt'),
  });
  requireRegistered(state, data.customerId);
  if (state.feedbackIds.has(data.feedbackId)) {
    throw conflict(
      'FEEDBACK_ALREADY_RECORDED',
      `Competitor feedback ${data.feedbackId} is already recorded for customer ${data.customerId}`,
      'feedbackId',
    );
  }
  return { type: 'CompetitorFeedbackRecorded', data };
};
