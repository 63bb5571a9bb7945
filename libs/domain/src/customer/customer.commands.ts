import type {
  CompetitorFeedbackRecorded,
  ContactPersonAdded,
  CustomerOwnerAssigned,
  CustomerProfileUpdated,
  CustomerRegistered,
  OpportunityLost,
  OpportunityOpened,
  OpportunityWon,
  OrderCancelled,
  OrderLine,
  OrderRecorded,
  PaymentReceived,
  VisitLogged,
} from '@crm/events';

/**
 * Commands carry the data of the event they request. Time ("registeredAt", "visitedAt",
 * "orderedAt", …) arrives in the command; the domain never reads a clock.
 */

/**
 * Mirrors CustomerRegistered's data, except that the customer's type travels as
 * `customerType`, because `type` is the command's discriminator.
 */
export type RegisterCustomer = { type: 'RegisterCustomer' } & Omit<CustomerRegistered['data'], 'type'> & {
    customerType: CustomerRegistered['data']['type'];
  };

type ProfileChanges = CustomerProfileUpdated['data']['changes'];

/**
 * The profile fields to set, flat (absent = leave as is); the customer's type travels as
 * `customerType`. The decider records only the fields whose value differs from the current one.
 */
export type UpdateCustomerProfile = { type: 'UpdateCustomerProfile' } & Omit<ProfileChanges, 'type'> & {
    customerId: string;
    customerType?: ProfileChanges['type'];
    updatedAt: string;
  };

/** Mirrors CustomerOwnerAssigned's data; `previousRepId` comes from the customer's history. */
export type AssignCustomerOwner = { type: 'AssignCustomerOwner' } & Omit<
  CustomerOwnerAssigned['data'],
  'previousRepId'
>;

/** Mirrors ContactPersonAdded's data. */
export type AddContactPerson = { type: 'AddContactPerson' } & ContactPersonAdded['data'];

/** Mirrors VisitLogged's data. `cost` is Money ≥ 0. */
export type LogVisit = { type: 'LogVisit' } & VisitLogged['data'];

/** Mirrors CompetitorFeedbackRecorded's data. `rating` is an integer 1–5. */
export type RecordCompetitorFeedback = {
  type: 'RecordCompetitorFeedback';
} & CompetitorFeedbackRecorded['data'];

/** Mirrors OpportunityOpened's data. `expectedAmount` is Money > 0. */
export type OpenOpportunity = { type: 'OpenOpportunity' } & OpportunityOpened['data'];

/** Mirrors OpportunityWon's data. */
export type WinOpportunity = { type: 'WinOpportunity' } & OpportunityWon['data'];

/** Mirrors OpportunityLost's data. */
export type LoseOpportunity = { type: 'LoseOpportunity' } & OpportunityLost['data'];

/** An order line as requested: the decider computes `amount` = quantity × unitPrice. */
export type OrderLineInput = Omit<OrderLine, 'amount'>;

/** Mirrors OrderRecorded's data without the computed line amounts and totals. */
export type RecordOrder = { type: 'RecordOrder' } & Omit<
  OrderRecorded['data'],
  'lines' | 'totalQuantity' | 'totalAmount'
> & { lines: OrderLineInput[] };

/** Mirrors OrderCancelled's data. */
export type CancelOrder = { type: 'CancelOrder' } & OrderCancelled['data'];

/** Mirrors PaymentReceived's data. `amount` is Money > 0. */
export type RecordPayment = { type: 'RecordPayment' } & PaymentReceived['data'];

export type CustomerCommand =
  | RegisterCustomer
  | UpdateCustomerProfile
  | AssignCustomerOwner
  | AddContactPerson
  | LogVisit
  | RecordCompetitorFeedback
  | OpenOpportunity
  | WinOpportunity
  | LoseOpportunity
  | RecordOrder
  | CancelOrder
  | RecordPayment;
export type CustomerCommandType = CustomerCommand['type'];
