import type { LogEvent } from '@crm/event-store';
import type { Projection, SqlExecutor } from '../projection/projection';
import { applyCustomerEvent } from './customer/customer-events.handler';
import { applyOrderEvent } from './order/order-events.handler';
import { applySegmentationPolicyChanged } from './segmentation/segmentation-policy.handler';

/**
 * Customer value and segmentation: order facts, customers with their running value (orders,
 * margin, price realisation, payments, visits, owner, profile), lifecycle transitions and the
 * segmentation policy. One projection, so that every table moves with one checkpoint and the
 * lifecycle always sees the policy and orders that precede an event in the log.
 */
export const customerValueProjection: Projection = {
  name: 'customer-value',
  version: 1,
  handles: new Set([
    'CustomerRegistered',
    'CustomerProfileUpdated',
    'CustomerOwnerAssigned',
    'VisitLogged',
    'OrderRecorded',
    'OrderCancelled',
    'PaymentReceived',
    'SegmentationPolicyChanged',
  ]),
  async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
    switch (event.type) {
      case 'OrderRecorded':
      case 'OrderCancelled':
      case 'PaymentReceived':
        return applyOrderEvent(event, db);
      case 'SegmentationPolicyChanged':
        return applySegmentationPolicyChanged(event, db);
      default:
        return applyCustomerEvent(event, db);
    }
  },
};
