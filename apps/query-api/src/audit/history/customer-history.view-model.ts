import { subtractMoney, sumMoney } from '@crm/domain';
import type { CustomerHistoryState } from './customer-history.fold';
import type { CustomerHistoryView } from './dto/customer-history.view';

const iso = (instant: string): string => new Date(instant).toISOString();

/** The answer of GET /customers/{id}/history from a folded, registered customer. */
export function toCustomerHistoryView(
  customerId: string,
  asOf: Date,
  knownAt: Date | null,
  state: CustomerHistoryState,
): CustomerHistoryView {
  const { customer } = state;
  const profile = customer.profile!;
  const orders = [...customer.orders.entries()];
  const live = orders.filter(([, o]) => !o.cancelled);
  const revenue = sumMoney(live.map(([, o]) => o.totalAmount));
  const paid = sumMoney(live.map(([, o]) => o.paidAmount));
  const orderTimes = live
    .map(([id]) => state.orderedAt.get(id))
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  const statuses = [...customer.opportunities.values()];
  const count = (status: string) => statuses.filter((s) => s === status).length;
  return {
    customerId,
    asOf: asOf.toISOString(),
    knownAt: knownAt ? knownAt.toISOString() : null,
    eventCount: state.eventCount,
    lastEvent: { ...state.lastEvent!, occurredAt: iso(state.lastEvent!.occurredAt) },
    registeredAt: iso(state.registeredAt!),
    profile: {
      name: profile.name,
      type: profile.type,
      region: profile.region,
      industry: profile.industry ?? null,
      preferredChannel: profile.preferredChannel ?? null,
      source: profile.source ?? null,
      partnerId: profile.partnerId ?? null,
    },
    ownerRepId: customer.ownerRepId,
    ownerAssignedAt: state.ownerAssignedAt ? iso(state.ownerAssignedAt) : null,
    orderCount: live.length,
    cancelledOrderCount: orders.length - live.length,
    revenue,
    paid,
    outstanding: subtractMoney(revenue, paid),
    firstOrderAt:
      orderTimes.length > 0 ? new Date(orderTimes.reduce((a, b) => Math.min(a, b))).toISOString() : null,
    lastOrderAt:
      orderTimes.length > 0 ? new Date(orderTimes.reduce((a, b) => Math.max(a, b))).toISOString() : null,
    visitCount: customer.visitCount,
    contacts: [...state.contacts.values()].map((c) => ({ ...c, addedAt: iso(c.addedAt) })),
    openOpportunities: [...state.opportunities.values()]
      .filter((o) => customer.opportunities.get(o.opportunityId) === 'open')
      .map((o) => ({ ...o, openedAt: iso(o.openedAt) })),
    opportunities: { open: count('open'), won: count('won'), lost: count('lost') },
  };
}
