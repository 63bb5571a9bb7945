import type { CompetitorFeedbackRecorded } from '@crm/events';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { AddContactPerson, RecordCompetitorFeedback } from './customer.commands';
import { customerDecider } from './customer.decider';
import { contactPersonAdded, customerRegistered, logVisit, visitLogged } from './customer.spec-helper';

const { given } = deciderSpec(customerDecider);

const addContact = (overrides: Partial<AddContactPerson> = {}): AddContactPerson => ({
  type: 'AddContactPerson',
  customerId: 'c-1',
  contactPersonId: 'p-1',
  name: 'Zhang Min',
  role: 'purchasing manager',
  addedAt: '2024-01-15T09:00:00Z',
  ...overrides,
});

const recordFeedback = (overrides: Partial<RecordCompetitorFeedback> = {}): RecordCompetitorFeedback => ({
  type: 'RecordCompetitorFeedback',
  customerId: 'c-1',
  feedbackId: 'f-1',
  repId: 'r-1',
  competitor: 'Rival Electronics',
  product: 'TV-55',
  rating: 4,
  observedAt: '2024-02-01T10:00:00Z',
  ...overrides,
});

const feedbackRecorded = (
  overrides: Partial<CompetitorFeedbackRecorded['data']> = {},
): CompetitorFeedbackRecorded => ({
  type: 'CompetitorFeedbackRecorded',
  data: {
    customerId: 'c-1',
    feedbackId: 'f-1',
    repId: 'r-1',
    competitor: 'Rival Electronics',
    product: 'TV-55',
    rating: 4,
    observedAt: '2024-02-01T10:00:00Z',
    ...overrides,
  },
});

describe('customer decider: contacts, visits and competitor feedback', () => {
  describe('AddContactPerson', () => {
    it('adds a contact person with phone and e-mail, trimmed', () => {
      given(customerRegistered())
        .when(addContact({ name: ' Zhang Min ', phone: ' +86 21 5555 0101 ', email: 'zhang@acme.example' }))
        .then([contactPersonAdded({ phone: '+86 21 5555 0101', email: 'zhang@acme.example' })]);
    });

    it('adds a contact person with nothing but a name, leaving the optional fields out', () => {
      given(customerRegistered())
        .when(addContact({ role: undefined, phone: ' ' }))
        .then([
          {
            type: 'ContactPersonAdded',
            data: {
              customerId: 'c-1',
              contactPersonId: 'p-1',
              name: 'Zhang Min',
              addedAt: '2024-01-15T09:00:00Z',
            },
          },
        ]);
    });

    it('refuses a contact person id the customer already has', () => {
      given(customerRegistered(), contactPersonAdded({ contactPersonId: 'p-1' }))
        .when(addContact({ contactPersonId: 'p-1', name: 'Someone Else' }))
        .thenRejects({ kind: 'conflict', code: 'CONTACT_PERSON_ALREADY_ADDED', field: 'contactPersonId' });
    });

    it('allows the same contact person id at another customer', () => {
      given(customerRegistered({ customerId: 'c-2' }))
        .when(addContact({ customerId: 'c-2' }))
        .then([contactPersonAdded({ customerId: 'c-2' })]);
    });

    it('rejects a contact person for a customer that is not registered', () => {
      given().when(addContact()).thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });

    it('rejects a contact person without a name', () => {
      given(customerRegistered())
        .when(addContact({ name: '  ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field: 'name' });
    });

    it('rejects an e-mail that is not an address', () => {
      given(customerRegistered())
        .when(addContact({ email: 'zhang at acme' }))
        .thenRejects({ kind: 'invalid', code: 'INVALID_EMAIL', field: 'email' });
    });
  });

  describe('LogVisit with a contact person', () => {
    it('logs a visit with a contact person added before', () => {
      given(customerRegistered(), contactPersonAdded({ contactPersonId: 'p-1' }))
        .when(logVisit({ contactPersonId: 'p-1' }))
        .then([visitLogged({ contactPersonId: 'p-1' })]);
    });

    it('rejects a visit naming a contact person the customer does not have', () => {
      given(customerRegistered(), contactPersonAdded({ contactPersonId: 'p-1' }))
        .when(logVisit({ contactPersonId: 'p-2' }))
        .thenRejects({ kind: 'not_found', code: 'CONTACT_PERSON_NOT_FOUND', field: 'contactPersonId' });
    });

    it('rejects a contact person known only at another customer', () => {
      given(customerRegistered())
        .when(logVisit({ contactPersonId: 'p-1' }))
        .thenRejects({ kind: 'not_found', code: 'CONTACT_PERSON_NOT_FOUND', field: 'contactPersonId' });
    });
  });

  describe('RecordCompetitorFeedback', () => {
    it('records a quantified evaluation of a competitor product', () => {
      given(customerRegistered())
        .when(recordFeedback({ comment: ' brighter screen, weaker service ' }))
        .then([feedbackRecorded({ comment: 'brighter screen, weaker service' })]);
    });

    it.each([1, 5])('accepts the rating %p at the ends of the scale', (rating) => {
      given(customerRegistered())
        .when(recordFeedback({ rating }))
        .then([feedbackRecorded({ rating })]);
    });

    it.each([[0], [6], [3.5], [Number.NaN], ['4' as never]])(
      'rejects the rating %p, which is not an integer from 1 to 5',
      (rating) => {
        given(customerRegistered())
          .when(recordFeedback({ rating }))
          .thenRejects({ kind: 'invalid', code: 'OUT_OF_RANGE', field: 'rating' });
      },
    );

    it.each(['competitor', 'product'] as const)('rejects feedback without a %s', (field) => {
      given(customerRegistered())
        .when(recordFeedback({ [field]: ' ' }))
        .thenRejects({ kind: 'invalid', code: 'REQUIRED', field });
    });

    it('refuses a feedback id recorded before', () => {
      given(customerRegistered(), feedbackRecorded())
        .when(recordFeedback({ rating: 2 }))
        .thenRejects({ kind: 'conflict', code: 'FEEDBACK_ALREADY_RECORDED', field: 'feedbackId' });
    });

    it('rejects feedback for a customer that is not registered', () => {
      given()
        .when(recordFeedback())
        .thenRejects({ kind: 'not_found', code: 'CUSTOMER_NOT_FOUND', field: null });
    });
  });
});
