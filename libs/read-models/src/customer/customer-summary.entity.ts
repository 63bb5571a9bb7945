import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.customer_summary (written by the customer-summary projection). */
@Entity({ schema: 'read_models', name: 'customer_summary' })
export class CustomerSummaryEntity {
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
  @Column({ name: 'lifecycle_stage', type: 'text' }) lifecycleStage!: string;
  @Column({ name: 'order_count', type: 'integer' }) orderCount!: number;
  /** bigint: returned as a string by pg. */
  @Column({ type: 'bigint' }) volume!: string;
  /** numeric(18,2): returned as an exact decimal string. */
  @Column({ type: 'numeric', precision: 18, scale: 2 }) revenue!: string;
  @Column({ name: 'first_order_at', type: 'timestamptz', nullable: true }) firstOrderAt!: Date | null;
  @Column({ name: 'last_order_at', type: 'timestamptz', nullable: true }) lastOrderAt!: Date | null;
  @Column({ name: 'visit_count', type: 'integer' }) visitCount!: number;
  @Column({ name: 'last_visit_at', type: 'timestamptz', nullable: true }) lastVisitAt!: Date | null;
  @Column({ name: 'visit_cost', type: 'numeric', precision: 18, scale: 2 }) visitCost!: string;
  @Column({ name: 'last_global_position', type: 'bigint' }) lastGlobalPosition!: string;
}
