import type { RecordedEvent } from '@crm/events';

const cents = (m: string): bigint => {
  const [whole, fraction = ''] = m.split('.');
  return BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2));
};
const money = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/**
 * The history tests' own fold of a customer stream: integer cents and plain maps, nothing shared
 * with the API or the domain, so that the two can disagree.
 */
export function foldInTest(events: RecordedEvent[]) {
  let registered = false;
  const profile: Record<string, unknown> = {};
  let ownerRepId: string | null = null;
  let visitCount = 0;
  const orders = new Map<string, { total: bigint; paid: bigint; cancelled: boolean }>();
  const contacts: string[] = [];
  const opportunities = new Map<string, string>();
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'CustomerRegistered':
        registered = true;
        for (const k of ['name', 'type', 'region', 'industry']) profile[k] = d[k] ?? null;
        break;
      case 'CustomerProfileUpdated':
        Object.assign(profile, d.changes);
        break;
      case 'CustomerOwnerAssigned':
        ownerRepId = d.repId as string;
        break;
      case 'ContactPersonAdded':
        contacts.push(d.contactPersonId as string);
        break;
      case 'VisitLogged':
        visitCount++;
        break;
      case 'OpportunityOpened':
        opportunities.set(d.opportunityId as string, 'open');
        break;
      case 'OpportunityWon':
        opportunities.set(d.opportunityId as string, 'won');
        break;
      case 'OpportunityLost':
        opportunities.set(d.opportunityId as string, 'lost');
        break;
      case 'OrderRecorded':
        orders.set(d.orderId as string, {
          total: cents(d.totalAmount as string),
          paid: 0n,
          cancelled: false,
        });
        break;
      case 'OrderCancelled':
        orders.get(d.orderId as string)!.cancelled = true;
        break;
      case 'PaymentReceived':
        orders.get(d.orderId as string)!.paid += cents(d.amount as string);
        break;
    }
  }
  const live = [...orders.values()].filter((o) => !o.cancelled);
  const revenue = live.reduce((s, o) => s + o.total, 0n);
  const paid = live.reduce((s, o) => s + o.paid, 0n);
  return {
    registered,
    eventCount: events.length,
    profile,
    ownerRepId,
    orderCount: live.length,
    revenue: money(revenue),
    paid: money(paid),
    outstanding: money(revenue - paid),
    visitCount,
    contacts,
    openOpportunities: [...opportunities].filter(([, s]) => s === 'open').map(([id]) => id),
  };
}
