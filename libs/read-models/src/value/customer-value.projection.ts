import type { LogEvent } from '@crm/event-store';
import type { Projection, SqlExecutor } from '../projection/projection';
import { applyCustomerEvent } from './customer/customer-events.handler';
import { applyOrderEvent } from './order/order-events.handler';
import { applySegmentationPolicyChanged } from './segmentation/segmentation-policy.handler';
import { LIVE_VALUE_SCHEMA, valueSchema } from './value-schema';

const CUSTOMER_AND_ORDER_EVENTS = [
  'CustomerRegistered',
  'CustomerProfileUpdated',
  'CustomerOwnerAssigned',
  'VisitLogged',
  'OrderRecorded',
  'OrderCancelled',
  'PaymentReceived',
];

export interface CustomerValueProjectionOptions {
  /** Where the tables and functions live (default read_models, the live model). */
  schema?: string;
  /**
   * `log` (the live model): SegmentationPolicyChanged events of the log set the policy.
   * `fixed`: they are ignored; the policy already stored in the schema holds for the whole
   * history (a what-if replay under a candidate policy).
   */
  policy?: 'log' | 'fixed';
}

/**
 * Customer value and segmentation in a schema: order facts, customers with their running value,
 * lifecycle transitions and the segmentation policy. One projection, so that every table moves
 * with one checkpoint and the lifecycle always sees the policy and orders that precede an event.
 */
export const createCustomerValueProjection = ({
  schema = LIVE_VALUE_SCHEMA,
  policy = 'log',
}: CustomerValueProjectionOptions = {}): Projection => {
  const s = valueSchema(schema);
  return {
    name: s === LIVE_VALUE_SCHEMA ? 'customer-value' : `customer-value:${s}`,
    version: 1,
    handles: new Set([
      ...CUSTOMER_AND_ORDER_EVENTS,
      ...(policy === 'log' ? ['SegmentationPolicyChanged'] : []),
    ]),
    async apply(event: LogEvent, db: SqlExecutor): Promise<void> {
      switch (event.type) {
        case 'OrderRecorded':
        case 'OrderCancelled':
        case 'PaymentReceived':
          return applyOrderEvent(event, db, s);
        case 'SegmentationPolicyChanged':
          return policy === 'log' ? applySegmentationPolicyChanged(event, db, s) : undefined;
        default:
          return applyCustomerEvent(event, db, s);
      }
    },
  };
};

/** The live customer-value projection (schema read_models, policy from the log). */
export const customerValueProjection: Projection = createCustomerValueProjection();
