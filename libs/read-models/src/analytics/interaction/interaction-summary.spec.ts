import { interactionSummary } from './interaction-summary';

describe('interaction summaries', () => {
  it('says what an order was: lines, units, amount and channel', () => {
    expect(
      interactionSummary({
        type: 'OrderRecorded',
        data: {
          customerId: 'c1',
          orderId: 'o-1',
          channel: 'direct',
          lines: [
            { sku: 'TV', category: 'tv', brand: 'L', quantity: 3, unitPrice: '0.10', amount: '0.30' },
            { sku: 'C', category: 'acc', brand: 'L', quantity: 1, unitPrice: '0.20', amount: '0.20' },
          ],
          totalQuantity: 4,
          totalAmount: '0.50',
          orderedAt: '2026-11-10T10:00:00Z',
        },
      }),
    ).toBe('Order o-1 recorded via direct: 2 lines, 4 units, 0.50');
  });

  it('names only the fields a profile update changed', () => {
    expect(
      interactionSummary({
        type: 'CustomerProfileUpdated',
        data: {
          customerId: 'c1',
          changes: { region: 'north', type: 'direct' },
          updatedAt: '2026-01-01T00:00:00Z',
        },
      }),
    ).toBe('Profile updated: region → north, type → direct');
  });

  it('keeps who a contact was with, how, why and what it cost', () => {
    expect(
      interactionSummary({
        type: 'VisitLogged',
        data: {
          customerId: 'c1',
          visitId: 'v1',
          repId: 'rep-1',
          channel: 'phone',
          activityType: 'follow-up',
          purpose: 'renewal',
          cost: '2.50',
          visitedAt: '2026-01-01T00:00:00Z',
        },
      }),
    ).toBe('phone contact by rep rep-1 (follow-up) about renewal, cost 2.50');
  });

  it('cuts a long summary to 500 characters', () => {
    const summary = interactionSummary({
      type: 'OrderCancelled',
      data: {
        customerId: 'c1',
        orderId: 'o-1',
        reason: 'x'.repeat(1000),
        cancelledAt: '2026-01-01T00:00:00Z',
      },
    });
    expect(summary).toHaveLength(500);
    expect(summary.endsWith('…')).toBe(true);
  });
});
