import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.rep (written by the rep-quota projection). */
@Entity({ schema: 'read_models', name: 'rep' })
export class RepEntity {
  @PrimaryColumn({ name: 'rep_id', type: 'text' }) repId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) region!: string;
  @Column({ name: 'manager_id', type: 'text', nullable: true }) managerId!: string | null;
  @Column({ name: 'onboarded_at', type: 'timestamptz' }) onboardedAt!: Date;
  @Column({ name: 'last_global_position', type: 'bigint' }) lastGlobalPosition!: string;
}
