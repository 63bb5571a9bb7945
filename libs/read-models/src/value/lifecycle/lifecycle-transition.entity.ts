import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.lifecycle_transition: a customer entering a stage at an instant. */
@Entity({ schema: 'read_models', name: 'lifecycle_transition' })
export class LifecycleTransitionEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' }) customerId!: string;
  @PrimaryColumn({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'from_stage', type: 'text', nullable: true }) fromStage!: string | null;
  @Column({ name: 'to_stage', type: 'text' }) toStage!: string;
  @Column({ name: 'global_position', type: 'bigint' }) globalPosition!: string;
}
