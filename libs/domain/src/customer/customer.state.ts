import type { ContactChannel, CustomerType, Money } from '@crm/events';

/** The customer's current profile (registration, then every recorded change). */
export interface CustomerProfile {
  name: string;
  type: CustomerType;
  region: string;
  industry?: string;
  preferredChannel?: ContactChannel;
  source?: string;
  partnerId?: string;
}

export type OpportunityStatus = 'open' | 'won' | 'lost';

/** What the payment and cancellation rules need to know about one order. */
export interface OrderState {
  totalAmount: Money;
  /** Sum of the payments received for it, exact, canonical Money. */
  paidAmount: Money;
  cancelled: boolean;
}

/** What the customer rules need to know about one customer's past; nothing more. */
export interface CustomerState {
  registered: boolean;
  customerId: string | null;
  profile: CustomerProfile | null;
  /** The rep who owns the customer now; null until one is assigned. */
  ownerRepId: string | null;
  contactPersonIds: ReadonlySet<string>;
  feedbackIds: ReadonlySet<string>;
  opportunities: ReadonlyMap<string, OpportunityStatus>;
  /** Every order recorded for this customer (an order id is recorded once). */
  orders: ReadonlyMap<string, OrderState>;
  /** Every payment id recorded for this customer (a payment id is recorded once). */
  paymentIds: ReadonlySet<string>;
  visitCount: number;
}

export const initialCustomerState = (): CustomerState => ({
  registered: false,
  customerId: null,
  profile: null,
  ownerRepId: null,
  contactPersonIds: new Set<string>(),
  feedbackIds: new Set<string>(),
  opportunities: new Map<string, OpportunityStatus>(),
  orders: new Map<string, OrderState>(),
  paymentIds: new Set<string>(),
  visitCount: 0,
});
