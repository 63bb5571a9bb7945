import type { CustomerType } from '@crm/events';

export interface CustomerProfile {
  name: string;
  type: CustomerType;
  region: string;
}

/** What the customer rules need to know about one customer's past; nothing more. */
export interface CustomerState {
  registered: boolean;
  customerId: string | null;
  profile: CustomerProfile | null;
  /** Every order id recorded for this customer (an order id is recorded once). */
  orderIds: ReadonlySet<string>;
  orderCount: number;
  visitCount: number;
}

export const initialCustomerState = (): CustomerState => ({
  registered: false,
  customerId: null,
  profile: null,
  orderIds: new Set<string>(),
  orderCount: 0,
  visitCount: 0,
});
