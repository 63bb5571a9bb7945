import type { Actor } from '@crm/events';
import type { Principal } from '@crm/platform';

/** Who sent a command and how it relates to others; the command id makes it idempotent. */
export interface CommandContext {
  commandId: string;
  correlationId: string;
  causationId: string;
  /** The actor recorded in every event's metadata: the token's subject and role, never the body. */
  actor: Actor;
  /** The verified token the command came with (what the access rules look at). */
  principal: Principal;
}
