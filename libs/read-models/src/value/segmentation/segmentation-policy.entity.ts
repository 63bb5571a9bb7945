import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SegmentationPolicy } from '@crm/events';

/** A row of read_models.segmentation_policy: one version of the policy. */
@Entity({ schema: 'read_models', name: 'segmentation_policy' })
export class SegmentationPolicyEntity {
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb' }) policy!: SegmentationPolicy;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  @Column({ name: 'global_position', type: 'bigint' }) globalPosition!: string;
}
