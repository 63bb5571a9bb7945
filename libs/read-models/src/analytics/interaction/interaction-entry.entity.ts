import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of read_models.interaction_index (written by the interaction-index projection). */
@Entity({ schema: 'read_models', name: 'interaction_index' })
export class InteractionEntryEntity {
  /** bigint: returned as a string by pg. */
  @PrimaryColumn({ name: 'global_position', type: 'bigint' }) globalPosition!: string;
  @Column({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ name: 'stream_version', type: 'integer' }) streamVersion!: number;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'actor_user_id', type: 'text' }) actorUserId!: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ name: 'command_id', type: 'text' }) commandId!: string;
  @Column({ name: 'correlation_id', type: 'text' }) correlationId!: string;
  @Column({ name: 'causation_id', type: 'text' }) causationId!: string;
  @Column({ type: 'text' }) summary!: string;
}
