import { IsBusinessTime, IsEntityId, IsMoney } from '../../shared/validators';

export class RecordPaymentDto {
  @IsEntityId(
    'Payment id, recorded once; derived from the Idempotency-Key when omitted',
    'pay-2026-0042',
    false,
  )
  paymentId?: string;

  @IsEntityId('Order the payment settles', 'order-2026-0001')
  orderId!: string;

  @IsMoney('Amount received: above zero, at most what is outstanding on the order', '500.00')
  amount!: string;

  @IsBusinessTime('When the money was received', '2026-11-20T10:00:00Z')
  receivedAt!: string;
}
