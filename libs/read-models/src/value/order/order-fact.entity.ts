import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.order_fact: one order, as the customer-value projection keeps it. */
@Entity({ schema: 'read_models', name: 'order_fact' })
export class OrderFactEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @PrimaryColumn({ name: 'order_id', type: 'text' }) orderId!: string;
  @Column({ name: 'rep_id', type: 'text', nullable: true }) repId!: string | null;
  @Column({ type: 'text' }) channel!: string;
  @Column({ name: 'ordered_at', type: 'timestamptz' }) orderedAt!: Date;
  /** bigint: a decimal string. */
  @Column({ type: 'bigint' }) quantity!: string;
  @Column({ type: 'numeric', precision: 18, scale: 2 }) amount!: string;
  /** Sum of qty × unitCost when every line has a unit cost, else null. */
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true }) cost!: string | null;
  /** qty × listPrice over the lines with a list price. */
  @Column({ name: 'list_amount', type: 'numeric', precision: 18, scale: 2 }) listAmount!: string;
  /** qty × unitPrice over the same lines. */
  @Column({ name: 'priced_amount', type: 'numeric', precision: 18, scale: 2 }) pricedAmount!: string;
  @Column({ type: 'numeric', precision: 18, scale: 2 }) paid!: string;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'last_global_position', type: 'bigint' }) lastGlobalPosition!: string;
}
