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

export type CustomerEvent = CustomerRegistered | VisitLogged | OrderRecorded;
