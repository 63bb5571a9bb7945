import type { DomainEvent } from '../shared/domain-event';
import type { Money } from '../shared/money';

export const CUSTOMER_TYPES = ['retail', 'direct', 'distributor'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const CONTACT_CHANNELS = ['onsite', 'phone', 'email', 'messaging', 'fax', 'web'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const SALES_CHANNELS = ['direct', 'partner', 'web'] as const;
export type SalesChannel = (typeof SALES_CHANNELS)[number];

export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  {
    customerId: string;
    name: string;
    type: CustomerType;
    region: string;
    industry?: string;
    preferredChannel?: ContactChannel;
    source?: string;
    partnerId?: string;
    /** Identifier of the customer in the system it was imported from. */
    externalId?: string;
    registeredAt: string;
  }
>;

export type VisitLogged = DomainEvent<
  'VisitLogged',
  {
    customerId: string;
    visitId: string;
    repId: string;
    contactPersonId?: string;
    channel: ContactChannel;
    /** Since schema version 2; version-1 events are upcast with "unspecified". */
    activityType: string;
    purpose?: string;
    outcome?: string;
    cost: Money;
    visitedAt: string;
  }
>;

export interface OrderLine {
  sku: string;
  category: string;
  brand: string;
  quantity: number;
  unitPrice: Money;
  listPrice?: Money;
  unitCost?: Money;
  /** quantity × unitPrice, exact. */
  amount: Money;
}

export type OrderRecorded = DomainEvent<
  'OrderRecorded',
  {
    customerId: string;
    orderId: string;
    repId?: string;
    channel: SalesChannel;
    lines: OrderLine[];
    totalQuantity: number;
    totalAmount: Money;
    orderedAt: string;
  }
>;

/** Only the fields that changed. */
export type CustomerProfileUpdated = DomainEvent<
  'CustomerProfileUpdated',
  {
    customerId: string;
    changes: {
      name?: string;
      type?: CustomerType;
      region?: string;
      industry?: string;
      preferredChannel?: ContactChannel;
      source?: string;
      partnerId?: string;
    };
    updatedAt: string;
  }
>;

/** Ownership moves between reps; the customer's history stays with the company. */
export type CustomerOwnerAssigned = DomainEvent<
  'CustomerOwnerAssigned',
  {
    customerId: string;
    repId: string;
    previousRepId?: string;
    reason: string;
    assignedAt: string;
  }
>;

export type ContactPersonAdded = DomainEvent<
  'ContactPersonAdded',
  {
    customerId: string;
    contactPersonId: string;
    name: string;
    role?: string;
    phone?: string;
    email?: string;
    addedAt: string;
  }
>;

/** A quantified evaluation of a competitor's product, as heard at the customer. */
export type CompetitorFeedbackRecorded = DomainEvent<
  'CompetitorFeedbackRecorded',
  {
    customerId: string;
    feedbackId: string;
    repId?: string;
    competitor: string;
    product: string;
    /** 1 (poor) to 5 (excellent). */
    rating: number;
    comment?: string;
    observedAt: string;
  }
>;

export const OPPORTUNITY_STAGES = ['qualification', 'needs_analysis', 'proposal', 'negotiation'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export type OpportunityOpened = DomainEvent<
  'OpportunityOpened',
  {
    customerId: string;
    opportunityId: string;
    repId?: string;
    title: string;
    expectedAmount: Money;
    stage: OpportunityStage;
    expectedCloseDate?: string;
    openedAt: string;
  }
>;

export type OpportunityWon = DomainEvent<
  'OpportunityWon',
  {
    customerId: string;
    opportunityId: string;
    /** The order that realised it, when there is one. */
    orderId?: string;
    wonAt: string;
  }
>;

export type OpportunityLost = DomainEvent<
  'OpportunityLost',
  {
    customerId: string;
    opportunityId: string;
    reason: string;
    /** The competitor that won it, when known. */
    lostTo?: string;
    lostAt: string;
  }
>;

/** Reverses the order's effect on value, receivables and quota. */
export type OrderCancelled = DomainEvent<
  'OrderCancelled',
  {
    customerId: string;
    orderId: string;
    reason: string;
    cancelledAt: string;
  }
>;

/** Settles (part of) an order; never more than what is outstanding on it. */
export type PaymentReceived = DomainEvent<
  'PaymentReceived',
  {
    customerId: string;
    paymentId: string;
    orderId: string;
    amount: Money;
    receivedAt: string;
  }
>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerProfileUpdated
  | CustomerOwnerAssigned
  | ContactPersonAdded
  | VisitLogged
  | CompetitorFeedbackRecorded
  | OpportunityOpened
  | OpportunityWon
  | OpportunityLost
  | OrderRecorded
  | OrderCancelled
  | PaymentReceived;
