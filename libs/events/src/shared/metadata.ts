/** Who issued the command that produced an event. */
export type ActorRole = 'rep' | 'manager' | 'admin' | 'system';

export interface Actor {
  userId: string;
  role: ActorRole;
}

/** Metadata carried by every stored event (DOMAIN.md). */
export interface EventMetadata {
  eventId: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** Business time of the fact, ISO-8601 UTC. */
  occurredAt: string;
  /** When the system recorded it, ISO-8601 UTC. */
  recordedAt: string;
  schemaVersion: number;
}
