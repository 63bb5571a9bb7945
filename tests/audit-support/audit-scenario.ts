import type { LogEvent } from '@crm/event-store';
import type { As, AuditPipeline } from './audit-pipeline';

/** The events of the search and export tests, as read back from the event store. */
export interface AuditScenario {
  /** Every customer event, in global-position order (21). */
  events: LogEvent[];
  /** An instant between the first 8 and the last 10 customer events' recorded times. */
  splitRecordedAt: string;
}

const alice: As = { userId: 'u-alice', role: 'rep' };
const bob: As = { userId: 'u-bob', role: 'manager' };
const carol: As = { userId: 'u-carol', role: 'rep' };
const admin: As = { userId: 'u-admin', role: 'admin' };

const order = (orderId: string, orderedAt: string, unitPrice = '10.00') => ({
  orderId,
  repId: 'rep-s1',
  channel: 'direct',
  orderedAt,
  lines: [{ sku: 'TV', category: 'tv', brand: 'Lumina', quantity: 2, unitPrice }],
});
const visit = (visitedAt: string, purpose: string) => ({
  repId: 'rep-s1',
  channel: 'phone',
  activityType: 'call',
  purpose,
  cost: '1.50',
  visitedAt,
});

/**
 * Three customers and 21 customer events through the command API, by four actors (rep, manager,
 * admin), with business times from January to May 2026 and awkward text for CSV (commas, quotes,
 * a CRLF in a cancellation reason). The reps act on the customers they own only: alice and carol
 * register c-s1 and c-s3 (registration records them as owners), bob (manager of east) gives c-s2
 * to carol.
 */
export async function seedAuditScenario(p: AuditPipeline): Promise<AuditScenario> {
  let splitRecordedAt = '';
  await p.send('POST', '/reps', { repId: 'rep-s1', name: 'Searcher', region: 'east' }, admin);
  for (const rep of [alice, carol]) {
    await p.send('POST', '/reps', { repId: rep.userId, name: rep.userId, region: 'east' }, admin);
  }
  const register = (customerId: string, name: string, registeredAt: string, as: As) =>
    p.send('POST', '/customers', { customerId, name, type: 'retail', region: 'east', registeredAt }, as);
  await register('c-s1', 'Smith, "Big" Co', '2026-01-01T08:00:00Z', alice);
  await register('c-s2', 'Plain Stores', '2026-01-02T08:00:00Z', bob);
  await p.send(
    'POST',
    '/customers/c-s2/owner',
    { repId: carol.userId, reason: 'east split', assignedAt: '2026-01-02T09:00:00Z' },
    bob,
  );
  await register('c-s3', 'Third, Ltd', '2026-01-03T08:00:00Z', carol);
  await p.send(
    'POST',
    '/customers/c-s1/visits',
    visit('2026-01-10T09:00:00Z', 'intro, with "quotes"'),
    alice,
  );
  await p.send('POST', '/customers/c-s1/orders', order('o-1', '2026-02-01T10:00:00Z'), alice);
  await p.send('POST', '/customers/c-s2/orders', order('o-2', '2026-02-15T10:00:00Z', '99.99'), bob);
  await p.send('POST', '/customers/c-s2/visits', visit('2026-03-01T09:00:00Z', 'follow-up'), carol);
  splitRecordedAt = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20)); // the rest is recorded strictly later
  await p.send(
    'POST',
    '/customers/c-s1/orders/o-1/cancel',
    { reason: 'line one\r\nline two', cancelledAt: '2026-03-05T10:00:00Z' },
    bob,
  );
  await p.send('POST', '/customers/c-s3/orders', order('o-3', '2026-03-10T10:00:00Z'), carol);
  await p.send(
    'POST',
    '/customers/c-s3/payments',
    { orderId: 'o-3', amount: '5.00', receivedAt: '2026-03-20T10:00:00Z' },
    admin,
  );
  await p.send(
    'PATCH',
    '/customers/c-s2',
    { name: 'Plain Stores Group', updatedAt: '2026-04-01T00:00:00Z' },
    admin,
  );
  await p.send(
    'POST',
    '/customers/c-s2/contacts',
    { name: 'Zhang, Min', role: 'buyer', addedAt: '2026-04-02T00:00:00Z' },
    bob,
  );
  for (let i = 0; i < 6; i++) {
    await p.send(
      'POST',
      `/customers/${i % 2 ? 'c-s1' : 'c-s3'}/visits`,
      visit(`2026-05-0${i + 1}T09:00:00Z`, `round ${i}`),
      i % 2 ? alice : carol,
    );
  }
  await p.settle();
  const events = (await p.store.readAll(null, 10_000))
    .filter((e) => e.streamId.startsWith('customer-'))
    .sort((a, b) => Number(BigInt(a.globalPosition) - BigInt(b.globalPosition)));
  return { events, splitRecordedAt };
}

export interface Item {
  globalPosition: string;
  eventId: string;
  [key: string]: unknown;
}

/** Every item of a search, following nextCursor; checks that no page repeats an item. */
export const searchAll = async (p: AuditPipeline, query: string, limit = 4): Promise<Item[]> => {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const r = await p.get(`/audit?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.statusCode).toBe(200);
    const page = r.json() as { items: Item[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  expect(new Set(items.map((i) => i.eventId)).size).toBe(items.length);
  return items;
};
export const ids = (list: Array<{ metadata: { eventId: string } }>) => list.map((e) => e.metadata.eventId);
export const itemIds = (items: Item[]) => items.map((i) => i.eventId);
