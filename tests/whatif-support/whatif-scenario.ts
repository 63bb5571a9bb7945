import type { OrderLine, SegmentationPolicy } from '@crm/events';
import type { PlainEvent } from './whatif-harness';

const DAY = 86_400_000;

/** A deterministic pseudo-random generator (mulberry32). */
export const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/**
 * A busy history for `customers` customers over two years from 2024-01-01: registrations, orders
 * (mostly forward in time, one in five back-dated, some with unknown cost), cancellations,
 * payments, visits, profile changes and owner moves, in a fixed pseudo-random order. `policies`
 * are inserted before the event with the given index (version numbers from 1).
 */
export function busyHistory(
  customers: number,
  steps: number,
  policies: Array<{ at: number; policy: SegmentationPolicy }>,
  seed = 7,
): PlainEvent[] {
  const random = seeded(seed);
  const start = Date.UTC(2024, 0, 1);
  const events: PlainEvent[] = [];
  const live: Array<{ customerId: string; orderId: string; amount: number }> = [];
  for (let c = 0; c < customers; c++)
    events.push({
      type: 'CustomerRegistered',
      data: {
        customerId: `w${String(c).padStart(3, '0')}`,
        name: `Customer ${c}`,
        type: c % 3 === 0 ? 'distributor' : 'retail',
        region: c % 2 === 0 ? 'east' : 'west',
        registeredAt: new Date(start + c * 3 * DAY).toISOString(),
      },
    });
  let version = 0;
  for (let i = 0; i < steps; i++) {
    for (const p of policies)
      if (p.at === i)
        events.push({
          type: 'SegmentationPolicyChanged',
          data: { version: ++version, policy: p.policy, changedAt: '2024-01-01T00:00:00.000Z' },
        });
    const customerId = `w${String(Math.floor(random() * customers)).padStart(3, '0')}`;
    const roll = random();
    if (roll < 0.1 && live.length > 0) {
      const [o] = live.splice(Math.floor(random() * live.length), 1);
      events.push({
        type: 'OrderCancelled',
        data: {
          customerId: o!.customerId,
          orderId: o!.orderId,
          reason: 'test',
          cancelledAt: '2026-01-01T00:00:00Z',
        },
      });
    } else if (roll < 0.18 && live.length > 0) {
      const o = live[Math.floor(random() * live.length)]!;
      events.push({
        type: 'PaymentReceived',
        data: {
          customerId: o.customerId,
          orderId: o.orderId,
          paymentId: `pay-${i}`,
          amount: money(Math.max(1, Math.floor(o.amount / 4))),
          receivedAt: '2026-01-01T00:00:00Z',
        },
      });
    } else if (roll < 0.24) {
      events.push({
        type: 'VisitLogged',
        data: {
          customerId,
          visitId: `visit-${i}`,
          repId: 'rep-1',
          channel: 'onsite',
          activityType: 'demo',
          cost: money(1000 + Math.floor(random() * 5000)),
          visitedAt: new Date(start + Math.floor(random() * 700) * DAY).toISOString(),
        },
      });
    } else if (roll < 0.26) {
      events.push({
        type: 'CustomerProfileUpdated',
        data: {
          customerId,
          changes: { region: random() < 0.5 ? 'north' : 'south' },
          updatedAt: '2025-01-01T00:00:00Z',
        },
      });
    } else if (roll < 0.28) {
      events.push({
        type: 'CustomerOwnerAssigned',
        data: { customerId, repId: `rep-${i % 3}`, reason: 'territory', assignedAt: '2025-01-01T00:00:00Z' },
      });
    } else {
      const day = random() < 0.2 ? random() * 720 : Math.min(720, 20 + i * (700 / steps) + random() * 30);
      const quantity = 1 + Math.floor(random() * 4);
      const unit = 500 + Math.floor(random() * 50_000);
      const line: OrderLine = {
        sku: 'SKU',
        category: 'cat',
        brand: 'brand',
        quantity,
        unitPrice: money(unit),
        listPrice: money(unit + 100),
        ...(random() < 0.8 ? { unitCost: money(Math.floor(unit / 2)) } : {}),
        amount: money(quantity * unit),
      };
      const orderId = `o${i}`;
      live.push({ customerId, orderId, amount: quantity * unit });
      events.push({
        type: 'OrderRecorded',
        data: {
          customerId,
          orderId,
          repId: 'rep-1',
          channel: 'direct',
          lines: [line],
          totalQuantity: quantity,
          totalAmount: money(quantity * unit),
          orderedAt: new Date(start + Math.floor(day * DAY)).toISOString(),
        },
      });
    }
  }
  return events;
}
