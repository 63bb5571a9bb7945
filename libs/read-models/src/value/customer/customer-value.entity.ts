import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.customer_value: a customer's profile and running value. */
@Entity({ schema: 'read_models', name: 'customer_value' })
export class CustomerValueEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text' }) region!: string;
  @Column({ type: 'text', nullable: true }) industry!: string | null;
  @Column({ name: 'preferred_channel', type: 'text', nullable: true }) preferredChannel!: string | null;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ name: 'partner_id', type: 'text', nullable: true }) partnerId!: string | null;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
  @Column({ name: 'owner_rep_id', type: 'text', nullable: true }) ownerRepId!: string | null;
  @Column({ name: 'owner_assigned_at', type: 'timestamptz', nullable: true }) ownerAssignedAt!: Date | null;
  @Column({ name: 'profile_change_count', type: 'integer' }) profileChangeCount!: number;
  @Column({ name: 'profile_updated_at', type: 'timestamptz', nullable: true }) profileUpdatedAt!: Date | null;
  @Column({ name: 'order_count', type: 'integer' }) orderCount!: number;
  @Column({ type: 'bigint' }) volume!: string;
  @Column({ type: 'numeric', precision: 18, scale: 2 }) revenue!: string;
  /** Cost of the orders whose cost is known, and their revenue. */
  @Column({ type: 'numeric', precision: 18, scale: 2 }) cost!: string;
  @Column({ name: 'costed_revenue', type: 'numeric', precision: 18, scale: 2 }) costedRevenue!: string;
  @Column({ name: 'list_amount', type: 'numeric', precision: 18, scale: 2 }) listAmount!: string;
  @Column({ name: 'priced_amount', type: 'numeric', precision: 18, scale: 2 }) pricedAmount!: string;
  @Column({ type: 'numeric', precision: 18, scale: 2 }) paid!: string;
  @Column({ name: 'first_order_at', type: 'timestamptz', nullable: true }) firstOrderAt!: Date | null;
  @Column({ name: 'last_order_at', type: 'timestamptz', nullable: true }) lastOrderAt!: Date | null;
  @Column({ name: 'last_reactivated_at', type: 'timestamptz', nullable: true })
  lastReactivatedAt!: Date | null;
  @Column({ name: 'visit_count', type: 'integer' }) visitCount!: number;
  @Column({ name: 'visit_cost', type: 'numeric', precision: 18, scale: 2 }) visitCost!: string;
  @Column({ name: 'last_visit_at', type: 'timestamptz', nullable: true }) lastVisitAt!: Date | null;
  @Column({ name: 'last_global_position', type: 'bigint' }) lastGlobalPosition!: string;
}
